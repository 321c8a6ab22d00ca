/* A structure-aware mutator for the zip-based formats (DOCX, XLSX): it
 * mutates the content of one stored member and rebuilds the archive with
 * the right sizes, offsets and CRCs, so that the XML inside reaches the
 * reader instead of failing the CRC check. Half the time it leaves the
 * bytes to libFuzzer's own mutations, for the zip layer itself. */
#ifndef TRAWL_FUZZ_ZIPMUT_H
#define TRAWL_FUZZ_ZIPMUT_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#define ZM_MAX 64

typedef struct zm_member {
	const uint8_t *name;
	size_t name_len;
	uint16_t method;
	const uint8_t *data;   /* as stored (compressed when method != 0) */
	size_t size, usize;
	uint32_t crc;
} zm_member;

static uint32_t zm_u32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t zm_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void zm_p16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void zm_p32(uint8_t *p, uint32_t v) { zm_p16(p, v); zm_p16(p + 2, v >> 16); }

/* The members listed by the central directory; 0 when it isn't a zip. */
static int zm_parse(const uint8_t *d, size_t n, zm_member *m, int *count)
{
	size_t eocd = 0, cd, i;
	int k, total;

	if (n < 22)
		return 0;
	for (i = n - 22 + 1; i-- > 0 && i + 65557 >= n; )
		if (zm_u32(d + i) == 0x06054b50) {
			eocd = i + 1;
			break;
		}
	if (!eocd--)
		return 0;
	total = zm_u16(d + eocd + 10);
	cd = zm_u32(d + eocd + 16);
	if (total > ZM_MAX)
		return 0;
	for (k = 0; k < total; k++) {
		size_t lh, nl, xl, cl, data;
		if (cd + 46 > n || zm_u32(d + cd) != 0x02014b50)
			return 0;
		m[k].method = zm_u16(d + cd + 10);
		m[k].crc = zm_u32(d + cd + 16);
		m[k].size = zm_u32(d + cd + 20);
		m[k].usize = zm_u32(d + cd + 24);
		nl = zm_u16(d + cd + 28);
		xl = zm_u16(d + cd + 30);
		cl = zm_u16(d + cd + 32);
		lh = zm_u32(d + cd + 42);
		if (cd + 46 + nl > n || lh + 30 > n || zm_u32(d + lh) != 0x04034b50)
			return 0;
		m[k].name = d + cd + 46;
		m[k].name_len = nl;
		data = lh + 30 + zm_u16(d + lh + 26) + zm_u16(d + lh + 28);
		if (data > n || m[k].size > n - data)
			return 0;
		m[k].data = d + data;
		cd += 46 + nl + xl + cl;
	}
	*count = total;
	return 1;
}

/* Writes the members as a fresh archive; 0 when it won't fit in max. */
static size_t zm_write(const zm_member *m, int count, uint8_t *out, size_t max)
{
	size_t o = 0, cd, offs[ZM_MAX];
	int k;

	for (k = 0; k < count; k++) {
		if (o + 30 + m[k].name_len + m[k].size > max)
			return 0;
		offs[k] = o;
		memset(out + o, 0, 30);
		zm_p32(out + o, 0x04034b50);
		zm_p16(out + o + 4, 20);
		zm_p16(out + o + 8, m[k].method);
		zm_p32(out + o + 14, m[k].crc);
		zm_p32(out + o + 18, (uint32_t)m[k].size);
		zm_p32(out + o + 22, (uint32_t)m[k].usize);
		zm_p16(out + o + 26, (uint32_t)m[k].name_len);
		memmove(out + o + 30, m[k].name, m[k].name_len);
		memmove(out + o + 30 + m[k].name_len, m[k].data, m[k].size);
		o += 30 + m[k].name_len + m[k].size;
	}
	cd = o;
	for (k = 0; k < count; k++) {
		if (o + 46 + m[k].name_len > max)
			return 0;
		memset(out + o, 0, 46);
		zm_p32(out + o, 0x02014b50);
		zm_p16(out + o + 4, 20);
		zm_p16(out + o + 6, 20);
		zm_p16(out + o + 10, m[k].method);
		zm_p32(out + o + 16, m[k].crc);
		zm_p32(out + o + 20, (uint32_t)m[k].size);
		zm_p32(out + o + 24, (uint32_t)m[k].usize);
		zm_p16(out + o + 28, (uint32_t)m[k].name_len);
		zm_p32(out + o + 42, (uint32_t)offs[k]);
		memmove(out + o + 46, m[k].name, m[k].name_len);
		o += 46 + m[k].name_len;
	}
	if (o + 22 > max)
		return 0;
	memset(out + o, 0, 22);
	zm_p32(out + o, 0x06054b50);
	zm_p16(out + o + 8, (uint32_t)count);
	zm_p16(out + o + 10, (uint32_t)count);
	zm_p32(out + o + 12, (uint32_t)(o - cd));
	zm_p32(out + o + 16, (uint32_t)cd);
	return o + 22;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned seed)
{
	zm_member m[ZM_MAX];
	int count = 0, pick, stored = 0, k;
	uint8_t *copy, *part, *out;
	size_t n, cap;

	if ((seed & 1) || !zm_parse(data, size, m, &count) || count == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	for (k = 0; k < count; k++)
		stored += m[k].method == 0;
	if (!stored)
		return LLVMFuzzerMutate(data, size, max_size);
	/* the member to mutate: one of the stored ones */
	pick = (int)((seed >> 1) % (unsigned)stored);
	for (k = 0; k < count; k++)
		if (m[k].method == 0 && pick-- == 0)
			break;
	/* the members point into data, which is rewritten: work on a copy */
	copy = malloc(size);
	cap = max_size > size ? max_size : size;
	part = malloc(cap);
	if (!copy || !part) {
		free(copy);
		free(part);
		return LLVMFuzzerMutate(data, size, max_size);
	}
	memcpy(copy, data, size);
	zm_parse(copy, size, m, &count);
	memcpy(part, m[k].data, m[k].size);
	n = LLVMFuzzerMutate(part, m[k].size, cap - (size - m[k].size));
	m[k].data = part;
	m[k].size = m[k].usize = n;
	m[k].crc = (uint32_t)crc32(0, part, (uInt)n);
	/* written aside first: data is left whole when it doesn't fit */
	out = malloc(max_size);
	n = out ? zm_write(m, count, out, max_size) : 0;
	if (n)
		memcpy(data, out, n);
	free(out);
	free(part);
	free(copy);
	return n ? n : LLVMFuzzerMutate(data, size, max_size);
}
#endif
