# Budgets as structure, as a property (see budget_grids.py): random
# budgets with merged-cell indicator and project tables, written as HTML,
# PDF and DOCX (LibreOffice) and XLSX; the grid and the indicators trawl
# reads from each equal what was generated. LibreOffice (libreoffice-writer)
# is a test dependency (Makefile TEST_DEPS).
command -v soffice >/dev/null || { echo "budget_grids: LibreOffice (soffice) is not installed"; exit 1; }
/usr/bin/python3 -c 'import openpyxl' || { echo "budget_grids: python3-openpyxl is not installed"; exit 1; }
/usr/bin/python3 "$TESTS/prop/budget_grids.py" "$TRAWL" "$BUILD/tests/griddump" "$TMP/budgets" 8 \
	"${TRAWL_SEED:-$(date +%j)}"
