#include <string.h>
#include "ingest/xmlsafe.h"
#include "util/banned.h"

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* libxml2 reports running out of memory here, even where the function
 * that failed only returns NULL (xmlStrdup, xmlTextReaderGetAttribute) */
static __thread int out_of_memory;

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e && e->code == XML_ERR_NO_MEMORY)
		out_of_memory = 1;
}

int trawl__xml_oom_take(void)
{
	int r = out_of_memory;
	out_of_memory = 0;
	return r;
}

void trawl__xml_init(void)
{
	xmlInitParser();
	trawl__xml_init_thread();
}

void trawl__xml_init_thread(void)
{
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

int trawl__xml_has_doctype(const char *p, size_t n)
{
	size_t lim = n < 65536 ? n : 65536;
	return memmem(p, lim, "<!DOCTYPE", 9) != NULL || memmem(p, lim, "<!ENTITY", 8) != NULL;
}

xmlTextReaderPtr trawl__xml_reader(const char *p, size_t n)
{
	return trawl__xml_reader_enc(p, n, NULL);
}

xmlTextReaderPtr trawl__xml_reader_enc(const char *p, size_t n, const char *enc)
{
	xmlTextReaderPtr r;

	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	if (n > (size_t)0x7fffffff)
		return NULL;
	r = xmlReaderForMemory(p, (int)n, NULL, enc,
	                       TRAWL__XML_OPTS | (enc ? XML_PARSE_IGNORE_ENC : 0));
	if (r)
		xmlTextReaderSetStructuredErrorHandler(r, NULL, NULL);
	return r;
}

int trawl__xml_read(xmlTextReaderPtr r)
{
	int ret = xmlTextReaderRead(r);
	if (ret == 1 && xmlTextReaderNodeType(r) == XML_READER_TYPE_DOCUMENT_TYPE)
		return -2;
	return ret;
}
