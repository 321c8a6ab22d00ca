/* libxml2 set up for hostile input: no network, no external entities, no
 * DTD loading, no entity substitution, errors kept quiet. */
#ifndef TRAWL_XMLSAFE_H
#define TRAWL_XMLSAFE_H
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>

#define TRAWL__XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
                         XML_PARSE_NOCDATA | XML_PARSE_COMPACT)
#define TRAWL__HTML_OPTS (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
                          HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT)

/* Once per process, before threads start. */
void trawl__xml_init(void);
/* libxml2's error handlers are per thread: quiet them in this one. */
void trawl__xml_init_thread(void);
/* True when an XML part declares a DTD. OOXML never does, so such a part
 * is refused rather than parsed (entity-expansion bombs live there). */
int trawl__xml_has_doctype(const char *p, size_t n);
/* True when libxml2 ran out of memory in this thread since the last call:
 * what it gave back then may be short (an attribute read as absent). */
int trawl__xml_oom_take(void);
/* xmlTextReaderRead that refuses a document type declaration: 1 for a
 * node, 0 at the end, -1 on malformed XML, -2 when a DTD appears. */
int trawl__xml_read(xmlTextReaderPtr r);
/* A streaming reader over memory with the safe options, or NULL. */
xmlTextReaderPtr trawl__xml_reader(const char *p, size_t n);
/* The same, reading the bytes as encoding enc whatever the XML declaration
 * says (text trawl has decoded already: "UTF-8"). */
xmlTextReaderPtr trawl__xml_reader_enc(const char *p, size_t n, const char *enc);
#endif
