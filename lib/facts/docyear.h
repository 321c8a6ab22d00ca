#ifndef TRAWL_DOCYEAR_H
#define TRAWL_DOCYEAR_H
/* The fiscal or publication year a document states about itself, from its
 * title, else its file name: "2024年部门预算", "民國113年度" (ROC: +1911),
 * "budget_fy2024.pdf". 0 when none is stated. */
int trawl__doc_year(const char *title, const char *path);

/* A fiscal year that s[0..n) states: 2024年度, 2024年部门预算, 2024年收入预算,
 * 2024年决算, 民國113年度 (ROC: +1911), FY2024, fiscal year 2024, 2024 budget.
 * 0 when it states none. */
int trawl__fiscal_year(const char *s, size_t n);
#endif
