/* Dump every cell of an .xls with FreeXL (developer check for the demo corpus).
 * Build: cc -o /tmp/freexl_dump tools/mkexamples/freexl_dump.c -lfreexl
 * Usage: /tmp/freexl_dump examples/zhaopin_gangwei_biao_2024.xls
 * Prints: sheet<TAB>row<TAB>col<TAB>type<TAB>value   (value for text cells in UTF-8) */
#include <stdio.h>
#include <freexl.h>

int main(int argc, char **argv)
{
    const void *h;
    unsigned int nsheets, s, rows, r;
    unsigned short cols, c;
    if (argc != 2) { fprintf(stderr, "usage: %s FILE.xls\n", argv[0]); return 2; }
    if (freexl_open(argv[1], &h) != FREEXL_OK) { fprintf(stderr, "freexl_open failed\n"); return 1; }
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets) != FREEXL_OK) return 1;
    for (s = 0; s < nsheets; s++) {
        const char *name = NULL;
        freexl_get_worksheet_name(h, (unsigned short)s, &name);
        if (freexl_select_active_worksheet(h, (unsigned short)s) != FREEXL_OK) return 1;
        if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) return 1;
        printf("# sheet %u \"%s\" %u rows x %u cols\n", s, name ? name : "?", rows, cols);
        for (r = 0; r < rows; r++)
            for (c = 0; c < cols; c++) {
                FreeXL_CellValue v;
                if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) return 1;
                switch (v.type) {
                case FREEXL_CELL_NULL: break;
                case FREEXL_CELL_INT: printf("%u\t%u\t%u\tint\t%d\n", s, r, c, v.value.int_value); break;
                case FREEXL_CELL_DOUBLE: printf("%u\t%u\t%u\tdouble\t%.15g\n", s, r, c, v.value.double_value); break;
                case FREEXL_CELL_TEXT: printf("%u\t%u\t%u\ttext\t%s\n", s, r, c, v.value.text_value); break;
                case FREEXL_CELL_SST_TEXT: printf("%u\t%u\t%u\tsst\t%s\n", s, r, c, v.value.text_value); break;
                default: printf("%u\t%u\t%u\ttype%d\t%s\n", s, r, c, v.type, v.value.text_value); break;
                }
            }
    }
    freexl_close(h);
    return 0;
}
