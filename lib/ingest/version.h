/* The extractor version: one number for everything that turns a file's
 * bytes into what the store keeps (readers, decoding, normalization, the
 * facts stage, a document's kind, year, place and amount). Each document
 * records the version that read it; `trawl refresh` re-reads the documents
 * of older versions from their stored originals.
 *
 * Bump it in the same commit as any change to what a reader or an
 * extractor produces from the same bytes (docs/design.md). */
#ifndef TRAWL_VERSION_H
#define TRAWL_VERSION_H

#define TRAWL__EXTRACTOR_VERSION 35

/* TRAWL__EXTRACTOR_VERSION, or in the fault tests the version armed with
 * TRAWL_FAULTS=extractor-version:N (to act as a later trawl). */
int trawl__extractor_version(void);
#endif
