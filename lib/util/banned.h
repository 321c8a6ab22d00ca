/* Unbounded or unsafe libc calls, made compile errors (after git's banned.h).
 * Use snprintf, trawl__buf, strtol with end-pointer checks, localtime_r. */
#ifndef TRAWL_BANNED_H
#define TRAWL_BANNED_H
#define BANNED(f) sorry_##f##_is_a_banned_function
#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef localtime
#define localtime(x) BANNED(localtime)
#endif
