/* Budgets as structure: performance targets (kind indicator) from the
 * 项目支出绩效目标表 and 整体支出绩效目标表 of a budget, and its projects
 * (kind project) from the 项目支出表 and from what the prose says of them
 * (该项目为2024年新增项目, 延续项目). Both are read from the table grid
 * (lib/facts/grid.h), so they come alike from PDF, HTML, DOCX, XLSX, XLS
 * and CSV. */
#ifndef TRAWL_BUDGET_H
#define TRAWL_BUDGET_H
#include <stdint.h>
#include "facts/fact.h"
#include "ingest/doc.h"

/* Adds fact f, whose offsets are into the text of unit number `unit`
 * (0-based) of the document; returns non-zero to stop. */
typedef int (*trawl__unit_fact_cb)(void *u, uint32_t unit, const trawl__fact *f);

/* Finds the indicators and projects of document d and gives each to add.
 * Returns TRAWL_ENOMEM or TRAWL_OK (a table that can't be read gives no
 * facts; nothing fails the file). */
trawl_err trawl__budget_facts(const trawl__doc *d, trawl__unit_fact_cb add, void *u);

/* The target of a performance indicator, from its value cell and the
 * comparator and unit columns some tables have (each may be NULL):
 * "≥95%", "不少于10人", "≤30 天", "18个", "100%", ("≥", "95", "%"), or a
 * qualitative target ("有效遏制", "全覆盖"). Writes the comparator (">=",
 * "<=", ">", "<", "="), the number (exact decimal; "" when qualitative),
 * the upper end of a range ("" if none), the unit, and a compact display
 * form ("≥95%", "有效遏制"). Returns 1 for a number, 2 for a qualitative
 * target, 0 for nothing. */
int trawl__parse_target(const char *value, const char *cmp, const char *unit,
                        char comparator[3], char num[TRAWL__DEC_MAX], char hi[TRAWL__DEC_MAX],
                        char unit_out[16], char display[128]);
#endif
