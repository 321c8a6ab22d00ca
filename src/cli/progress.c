#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_init(progress *p)
{
	memset(p, 0, sizeof *p);
	/* a progress line only for a person watching: stdout and stderr on a tty */
	p->enabled = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
	p->start = now_s();
}

void progress_update(progress *p, const trawl_add_event *ev)
{
	struct winsize ws;
	double t = now_s(), el, rate, eta;
	int width = 80, n;
	char line[1024];
	const char *name;

	if (!p->enabled || ev->type != TRAWL_EV_FILE)
		return;
	if (t - p->last < 0.1 && ev->files_done != ev->files_total)
		return;
	p->last = t;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		width = ws.ws_col;
	if (width > (int)sizeof line - 1)
		width = (int)sizeof line - 1;
	el = t - p->start;
	rate = el > 0 ? ev->bytes_done / el / 1048576.0 : 0;
	eta = ev->bytes_done > 0 ? el * (double)(ev->bytes_total - ev->bytes_done) /
	                           (double)ev->bytes_done : 0;
	name = ev->path ? ev->path : "";
	n = snprintf(line, sizeof line, "%llu/%llu files  %.1f MB/s  ETA %d:%02d  ",
	             (unsigned long long)ev->files_done, (unsigned long long)ev->files_total,
	             rate, (int)eta / 60, (int)eta % 60);
	if (ev->ocr_pages && n > 0 && n < (int)sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, "%llu pages OCR'd  ",
		              (unsigned long long)ev->ocr_pages);
	if (n < 0 || n >= width)
		n = width - 1;
	{
		/* the tail of the path fits the rest (byte-wise, then to a char start) */
		size_t room = (size_t)(width - 1 - n), len = strlen(name);
		const char *tail = name;
		if (len > room) {
			tail = name + len - room;
			while (*tail && ((unsigned char)*tail & 0xC0) == 0x80)
				tail++;
		}
		snprintf(line + n, sizeof line - (size_t)n, "%s", tail);
	}
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	p->shown = 1;
}

void progress_clear(progress *p)
{
	if (p->enabled && p->shown) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		p->shown = 0;
	}
}
