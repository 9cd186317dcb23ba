# Turns a data table (text/*.tsv) into a C++ header holding it as a raw
# string named NAME, so the table stays a data file while the binary needs no
# file at run time.
file(READ "${INPUT}" content)
file(WRITE "${OUTPUT}" "// Generated from ${INPUT}; edit that file.\n#pragma once\n\nnamespace khabar::text {\ninline constexpr const char* ${NAME} = R\"table(${content})table\";\n}\n")
