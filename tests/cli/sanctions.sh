#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# import sanctions: OFAC's legacy CSV files (the real excerpts of
# fixtures/ofac/) as one published version of the list, what it prints
# and logs, the excerpts' rows without their entry (warnings), a second
# import of the same date, --kind, and files broken one way each,
# refused with their place and the case unchanged.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/s.case"

pr -C "$C" init
expect_rc "init" 0
cd "$PR_FIXTURES/ofac" || exit 2

pr -C "$C" import sanctions sdn.csv
expect_rc "no --published" 2
expect_err "no --published" "proceeds: import: --published YYYY-MM-DD is required: OFAC's legacy CSV files carry no date (give the date the list was published)
Try 'proceeds import --help' for more information."
pr -C "$C" import sanctions --published 2024-02-30 sdn.csv
expect_rc "bad date" 2
expect_err "bad date" "proceeds: import: --published '2024-02-30' is not a date (YYYY-MM-DD)
Try 'proceeds import --help' for more information."
pr -C "$C" import sanctions --published 2024-05-01 sdn.csv --kind alt
expect_rc "dangling --kind" 2
expect_err "dangling --kind" "proceeds: import: --kind alt names no file (put it before the file)
Try 'proceeds import --help' for more information."

pr -C "$C" import sanctions --published 2024-05-01 sdn.csv alt.csv add.csv \
	sdn_comments.csv
expect_rc "samples" 0
cat >"$T_TMP/want" <<'OUT'
sdn.csv: 17 entries, SHA-256 3fbc56312213c443b233ee6a0d2931561832d55f13a9748405d8fae9b0985c73
alt.csv: 18 aliases, SHA-256 b214e484229b7957b5f80440d576d4a794a8cd7ea31385eed9d8e2700dcfb94d
add.csv: 28 addresses, SHA-256 8d0b44496d969466cf5bf4efe7723b9d19d86e3822613f9361815e3e5a82f065
sdn_comments.csv: 1 remarks continuation, SHA-256 b03596d870d2c3ba1f987df1aa4b189347a5475539faa03948470136e0dbe583
the sanctions lists published 2024-05-01, 17 entries, 29 aliases (16 weak), 24 addresses, 32 digital-currency addresses
9 lines skipped: their entry is not in these files (warnings above)
OUT
expect_out_file "samples: stdout" "$T_TMP/want"
expect_err "samples: warnings" "proceeds: warning: alt.csv:1:1: an alias of entry 10416, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: alt.csv:6:1: an alias of entry 11935, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: alt.csv:10:1: an alias of entry 18820, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: alt.csv:11:1: an alias of entry 30221, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: alt.csv:15:1: an alias of entry 29445, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: add.csv:12:1: an address of entry 12562, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: add.csv:17:1: an address of entry 21765, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: add.csv:24:1: an address of entry 33723, which the SDN files of this import do not list (an excerpt?): skipped
proceeds: warning: add.csv:26:1: an address of entry 33997, which the SDN files of this import do not list (an excerpt?): skipped"

pr -C "$C" documents
expect_out_has "documents" "   1  sanctions  sdn                7328       17  3fbc56312213c443b233ee6a0d2931561832d55f13a9748405d8fae9b0985c73  sdn.csv"
expect_out_has "documents" "   4  sanctions  comments           1137        1  b03596d870d2c3ba1f987df1aa4b189347a5475539faa03948470136e0dbe583  sdn_comments.csv"
pr -C "$C" log
expect_out_has "log: result" "    result: imported 4 documents: the sanctions lists published 2024-05-01, 17 entries, 29 aliases (16 weak), 24 addresses, 32 digital-currency addresses"
expect_out_has "log: wallets sealed" "    wrote sanctions_wallet rows 1..32 (32 rows), SHA-256 6e594ffd50cdcf27968a88fe8134abe2bfccb7536e903af4dac5212d74118f12"

# the same date again, or the same file under another date
expect_refused "same date" \
	"the case already holds the lists published 2024-05-01 (SDN: sdn.csv, alt.csv, add.csv, sdn_comments.csv): one import per publication date, its files together" \
	"$C" import sanctions --published 2024-05-01 sdn.csv
expect_refused "same file" \
	"sdn.csv: already in the case as document 1 'sdn.csv' (custody log entry 2), SHA-256 3fbc56312213" \
	"$C" import sanctions --published 2024-06-03 sdn.csv

# a name that does not say: --kind; a later version
cd "$T_TMP" || exit 2
printf '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\032' >list.csv
expect_refused "no kind" \
	"list.csv: cannot tell which OFAC file this is from its name (expected sdn.csv, alt.csv, add.csv, sdn_comments.csv, cons_prim.csv, cons_alt.csv, cons_add.csv or cons_comments.csv): give --kind" \
	"$C" import sanctions --published 2024-06-03 list.csv
pr -C "$C" import sanctions --published 2024-06-03 --kind sdn list.csv
expect_rc "--kind sdn" 0
expect_out_has "--kind sdn" "list.csv: 1 entry, SHA-256 $(sha256sum list.csv | cut -c1-64)"
expect_out_has "--kind sdn" "the sanctions lists published 2024-06-03, 1 entry, 0 aliases (0 weak), 0 addresses, 0 digital-currency addresses"

# files broken one way each
mkdir bad && cd bad || exit 2
good='1,"A",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
printf '1,"A",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' >sdn.csv
expect_refused "short record" \
	"sdn.csv:1:50: record has 11 fields; sdn.csv has 12 (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks)" \
	"$C" import sanctions --published 2024-07-01 sdn.csv
printf "$good"'1O,"B",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' >sdn.csv
expect_refused "ent_num" "sdn.csv:2:1: '1O' is not a number (ent_num)" \
	"$C" import sanctions --published 2024-07-01 sdn.csv
printf '1,"A",-0- ,"X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"cut short\r\n' >sdn.csv
expect_refused "quote" \
	"sdn.csv:1:51: quoted field not closed before the end of the file" \
	"$C" import sanctions --published 2024-07-01 sdn.csv
printf "$good"'\032\r\n'"$good" >sdn.csv
expect_refused "after 0x1A" \
	"sdn.csv:3:1: a record after the end-of-file mark (0x1A) of line 2" \
	"$C" import sanctions --published 2024-07-01 sdn.csv
printf "$good\032" >sdn.csv
printf '1,10,"a.k.a.","B",-0- \r\n' >alt.csv
expect_refused "alt_type" \
	"alt.csv:1:6: unknown alt_type 'a.k.a.' (expected aka, fka or nka)" \
	"$C" import sanctions --published 2024-07-01 sdn.csv alt.csv
expect_refused "alt alone" \
	"alt.csv: the SDN list's aliases without its entries (give sdn.csv in the same import)" \
	"$C" import sanctions --published 2024-07-01 alt.csv

finish
