/* Archives (zip, 7z, rar, tar and tar.gz/.bz2/.xz/.zst, a lone .gz, .bz2
 * or .xz file), read with libarchive in the reader's sandbox. The reader
 * gives no document of its own: it hands each member back, named by its
 * path in the archive, and the ingest reads it as a file (cited as
 * ARCHIVE!path; a member that is an archive again is opened to a depth
 * limit there, ingest.c).
 *
 * What is refused says so in a warning naming the member: a path that
 * would leave the archive (absolute, "..", a drive letter), a link or a
 * device, an encrypted member, the members past the limit on their
 * number, a member that decompresses past the room left of the limit on
 * the bytes kept from one archive (a bomb: the limit a DOCX or XLSX has,
 * counted as the bytes come, so a lying header gains nothing; the members
 * after it are still read), and every member once twice that limit has
 * been decompressed in all. Names that are not UTF-8 are read as GBK
 * (GB18030), as Chinese Windows writes them in zips. */
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ingest/reader.h"
#include "text/text.h"
#include "util/diag.h"
#include "util/banned.h"

/* Each refusal is named until this many; then counted. */
#define NAMED_MAX 8

typedef struct skipped {
	int n;
	trawl__buf names; /* "a (why), b (why)" */
} skipped;

static void skip(skipped *k, const char *name, const char *why)
{
	if (k->n++ < NAMED_MAX) {
		if (k->names.len)
			trawl__buf_adds(&k->names, ", ");
		trawl__buf_addf(&k->names, "%.200s (%s)", name, why);
	}
}

/* The member's path, UTF-8, relative, folded ("./" and "//" dropped,
 * backslashes as slashes) into out; 0 when it would leave the archive. */
static int clean_name(const char *in, char *out, size_t n)
{
	size_t o = 0;
	const char *p = in, *seg;

	if (in[0] == '/' || in[0] == '\\' ||
	    (((in[0] | 0x20) >= 'a' && (in[0] | 0x20) <= 'z') && in[1] == ':'))
		return 0;
	while (*p) {
		size_t len;
		while (*p == '/' || *p == '\\')
			p++;
		seg = p;
		while (*p && *p != '/' && *p != '\\')
			p++;
		len = (size_t)(p - seg);
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.')
			return 0;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)seg[i] < 0x20 || seg[i] == 0x7F)
				return 0;
		if (o + len + 2 > n)
			return 0;
		if (o)
			out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
	}
	out[o] = '\0';
	return o > 0;
}

/* The entry's name as UTF-8: as stored when it is (or when libarchive
 * converted it), else read as GB18030. NULL when neither works. */
static const char *entry_name(struct archive_entry *e, trawl__buf *tmp)
{
	const char *u = archive_entry_pathname_utf8(e), *raw = archive_entry_pathname(e);
	size_t bad = 0, first = 0;

	if (u && trawl__utf8_valid(u, strlen(u)))
		return u;
	if (!raw)
		return NULL;
	if (trawl__utf8_valid(raw, strlen(raw)))
		return raw;
	trawl__buf_reset(tmp);
	if (trawl__iconv_to_utf8(raw, strlen(raw), "GB18030", tmp, &bad, &first) || bad ||
	    !tmp->data)
		return NULL;
	return tmp->data;
}

/* A lone compressed file's member: the archive's own name less its
 * suffix (report.pdf.gz holds report.pdf). */
static void raw_name(const char *path, char *out, size_t n)
{
	static const char *const suffixes[] = { ".gz", ".bz2", ".xz", ".zst", ".lz4", ".z" };
	const char *b = strrchr(path, '/');
	size_t len;

	b = b ? b + 1 : path;
	snprintf(out, n, "%s", b);
	len = strlen(out);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t sl = strlen(suffixes[i]);
		if (len > sl && !strcasecmp(out + len - sl, suffixes[i])) {
			out[len - sl] = '\0';
			return;
		}
	}
	if (!out[0] || len >= n - 1)
		snprintf(out, n, "data");
}

static const char *format_name(struct archive *a)
{
	switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
	case ARCHIVE_FORMAT_ZIP: return "zip";
	case ARCHIVE_FORMAT_7ZIP: return "7z";
	case ARCHIVE_FORMAT_RAR:
	case ARCHIVE_FORMAT_RAR_V5: return "rar";
	case ARCHIVE_FORMAT_TAR: return "tar";
	case ARCHIVE_FORMAT_RAW: return "compressed";
	default: return "archive";
	}
}

static trawl_err read_archive(const trawl__input *in, trawl__docset *s, trawl_diag *d)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	skipped k;
	trawl__buf data, namebuf;
	size_t cap = in->max_inflate ? in->max_inflate : ((size_t)256 << 20);
	size_t total = 0, spent = 0;
	int r, entries = 0, raw, over = 0;
	trawl_err rc = TRAWL_OK;
	char name[4096];

	/* names as UTF-8, whatever the process's locale: libarchive converts
	 * them to the locale's charset (in "C", the UTF-8 of a zip's flagged
	 * names and of 7z and rar names would be lost), and leaves a zip's
	 * unflagged names as their bytes, read as GBK below */
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t was = utf8 ? uselocale(utf8) : (locale_t)0;

	memset(&k, 0, sizeof k);
	trawl__buf_init(&k.names, 0);
	trawl__buf_init(&data, 0);
	trawl__buf_init(&namebuf, 0);
	if (!a) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	/* (a lone compressed file: the filters below over the raw format,
	 * which bids last) */
	archive_read_support_format_raw(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_lz4(a);
	if (archive_read_open_memory(a, in->data, in->len) != ARCHIVE_OK) {
		trawl__diag_set(d, in->path, "can't open the archive: %s",
		                archive_error_string(a) ? archive_error_string(a) : "unknown format");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	for (;;) {
		const char *nm;
		la_int64_t want;
		size_t got = 0;
		int big = 0;
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_FATAL || (r != ARCHIVE_OK && r != ARCHIVE_WARN)) {
			const char *why = archive_error_string(a) ? archive_error_string(a) : "damaged";
			if (!entries) {
				trawl__diag_set(d, in->path, "can't read the archive: %s", why);
				rc = TRAWL_EFORMAT;
				goto out;
			}
			trawl__docset_warn(s, "the archive is damaged after %d member(s): %.200s; "
			                   "the rest is not read", entries, why);
			break;
		}
		entries++;
		if (entries == 1)
			snprintf(s->format, sizeof s->format, "%s", format_name(a));
		raw = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW;
		if (raw && archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE) {
			/* the raw format takes anything: uncompressed, it is a
			 * damaged archive (read as its own member, it would be
			 * opened again and again) */
			trawl__diag_set(d, in->path, "can't read the archive: damaged, or of a kind "
			                "trawl does not read");
			rc = TRAWL_EFORMAT;
			goto out;
		}
		if (raw) {
			raw_name(in->path, name, sizeof name);
			nm = name;
		} else {
			nm = entry_name(e, &namebuf);
			if (!nm) {
				skip(&k, "a member", "its name is neither UTF-8 nor GBK");
				continue;
			}
		}
		if (!raw && archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (!raw && !clean_name(nm, name, sizeof name)) {
			if (strspn(nm, "/\\.") == strlen(nm) && !strstr(nm, ".."))
				skip(&k, "a member", "no name");
			else
				skip(&k, nm, "its path leaves the archive");
			continue;
		}
		if (!raw && (archive_entry_hardlink(e) || archive_entry_filetype(e) == AE_IFLNK)) {
			skip(&k, name, "a link");
			continue;
		}
		if (!raw && archive_entry_filetype(e) != AE_IFREG) {
			skip(&k, name, "not a regular file");
			continue;
		}
		if (archive_entry_is_encrypted(e)) {
			skip(&k, name, "encrypted");
			continue;
		}
		if (s->members.n >= TRAWL__MAX_MEMBERS) {
			skip(&k, name, "past the limit of " TRAWL__MAX_MEMBERS_S " members");
			continue;
		}
		if (over) {
			skip(&k, name, "past the limit on decompressing");
			continue;
		}
		/* the stated size is a hint only: bytes are counted as they come */
		want = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
		trawl__buf_reset(&data);
		if (want > 0 && (uint64_t)want <= cap - total &&
		    trawl__buf_grow(&data, (size_t)want)) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		for (;;) {
			char chunk[65536];
			la_ssize_t n = archive_read_data(a, chunk, sizeof chunk);
			if (n == 0)
				break;
			if (n < 0) {
				got = (size_t)-1;
				break;
			}
			spent += (size_t)n;
			if ((size_t)n > cap - total - got) {
				big = 1;
				break;
			}
			if (trawl__buf_add(&data, chunk, (size_t)n)) {
				rc = TRAWL_ENOMEM;
				goto out;
			}
			got += (size_t)n;
		}
		if (got == (size_t)-1) {
			const char *why = archive_error_string(a);
			char msg[240];
			snprintf(msg, sizeof msg, "unreadable: %.200s", why ? why : "damaged");
			skip(&k, name, msg);
			continue;
		}
		/* a bomb's bytes are not kept, and the members after it may
		 * still fit; but what is decompressed in all is bounded too */
		if (spent > 2 * cap)
			over = 1;
		if (big) {
			char msg[120];
			snprintf(msg, sizeof msg, "it decompresses past the limit of %zu MiB for "
			         "an archive", cap >> 20);
			skip(&k, name, msg);
			continue;
		}
		if (got == 0) {
			skip(&k, name, "empty");
			continue;
		}
		total += got;
		trawl__docset_member(s, name, data.data, got);
		if (s->rc) {
			rc = s->rc;
			goto out;
		}
	}
	if (k.n)
		trawl__docset_warn(s, "%d archive member(s) skipped: %s%s", k.n,
		                   k.names.data ? k.names.data : "",
		                   k.n > NAMED_MAX ? ", ..." : "");
	if (!s->members.n && !k.n)
		trawl__docset_warn(s, "the archive holds no file");
out:
	archive_read_free(a);
	if (utf8) {
		uselocale(was);
		freelocale(utf8);
	}
	trawl__buf_release(&k.names);
	trawl__buf_release(&data);
	trawl__buf_release(&namebuf);
	return rc;
}

const trawl__reader trawl__reader_archive = {
	TRAWL__READER_VERSION, "archive", 0, read_archive,
};
