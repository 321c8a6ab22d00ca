/* Names compared as a reader would: a line item, a project or an
 * indicator named a little differently from one year to the next is the
 * same one. */
#ifndef TRAWL_MATCH_H
#define TRAWL_MATCH_H

/* Letters, digits and CJK of s, lower case, without a leading enumeration
 * ("一、", "(三)", "2.", "第四"); with drop_years 1 also without years
 * (2024年, 2024年度) and table numbers (表三), with 2 without any digits,
 * dots and percent signs (a paragraph whose figures changed). Returns a
 * new string owned by the caller, or NULL when out of memory. */
char *trawl__name_norm(const char *s, int drop_years);

/* 1.0 when one normalized name contains the other, else the Dice
 * coefficient of their bigrams (0 .. 1). */
double trawl__name_similarity(const char *a, const char *b);
#endif
