#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# BSA reports: import bsa (FinCEN SAR and CTR XML batches) and bsa (the
# reports with their links, cash days over $10,000); every malformed
# batch refused with its place and the case unchanged; and SAR
# confidentiality: a SAR changes no exhibit, no `documents`, no `log`.
. "$(dirname "$0")/lib.sh"
: "${PR_SQLEXEC:?run through make check}"
C="$T_TMP/b.case"
F="$PR_FIXTURES/bsa"
export SOURCE_DATE_EPOCH=1700000000

# bsa_state CASE: what the BSA compartment holds, to prove a refused
# import changed nothing
bsa_state() {
	"$PROCEEDS" -C "$1" bsa --format json 2>&1
	"$PROCEEDS" -C "$1" bsa --verify 2>&1
}

pr -C "$C" init
(cd "$F" && pr -C "$C" import bank --profile ../cli/simple.profile \
	--account "FCB checking 7310" cash.csv)
expect_rc "case: 7310" 0
(cd "$F" && pr -C "$C" import bank --profile ../cli/simple.profile \
	--account "FCB operating 7328" cash-7328.csv)
expect_rc "case: 7328" 0
(cd "$F" && pr -C "$C" import victims victims.csv)
expect_rc "case: victims" 0

# An empty compartment
pr -C "$C" bsa --verify
expect_rc "verify empty" 0
expect_out_has "verify empty" "BSA custody chain intact: 0 entries, 0 rows sealed"

# Every malformed batch is refused at its place, the case unchanged
cd "$PR_FIXTURES/bad/bsa" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	before=$(bsa_state "$C")
	expect_refused "$file" "$msg" "$C" import bsa "$file"
	if [ "$(bsa_state "$C")" = "$before" ]; then ok; else
		not_ok "$file: the BSA compartment changed"; fi
done <<'LIST'
acknowledgement.xml|acknowledgement.xml:3:5: a BSA E-Filing acknowledgement (EFilingSubmissionXML), not a report: it holds only the BSA IDs and errors FinCEN gave a batch; import the batch itself
bad_amount.xml|bad_amount.xml:24:7: TotalCashInReceiveAmountText '12,000.00' is not a whole number of dollars (digits only, at most 15)
bad_birth_date.xml|bad_birth_date.xml:13:7: IndividualBirthDateText '1980-01-01' is not a date (YYYYMMDD)
bad_filing_date.xml|bad_filing_date.xml:22:5: FilingDateText '20231301' is not a date (no such day)
ctr_no_activity.xml|ctr_no_activity.xml:3:3: CTR <Activity> has no CurrencyTransactionActivity
ctr_no_detail_amount.xml|ctr_no_detail_amount.xml:26:7: CurrencyTransactionActivityDetail has no DetailTransactionAmountText
ctr_no_total.xml|ctr_no_total.xml:23:5: CurrencyTransactionActivity has neither TotalCashInReceiveAmountText nor TotalCashOutAmountText
doctype.xml|doctype.xml:2:1: DOCTYPE declaration refused: FinCEN batches carry none
form_8300.xml|form_8300.xml:2:3: FormTypeCode '8300X' is not a FinCEN SAR or CTR batch (expected SARX or CTRX)
no_activity.xml|no_activity.xml:1:1: the CTR batch has no <Activity>
no_filer.xml|no_filer.xml:3:3: <Activity> has no filer (a Party with ActivityPartyTypeCode 30)
no_filing_date.xml|no_filing_date.xml:3:3: <Activity> has no FilingDateText
no_form.xml|no_form.xml:1:1: <EFilingBatchXML> has no FormTypeCode (SARX or CTRX)
not_xml.csv|not_xml.csv:1:1: unknown column 'Date' (docs/formats.md: the BSA CSV)
csv_amount.csv|csv_amount.csv:2:37: '11,000' is not an amount of dollars (digits, optionally . and cents)
csv_category.csv|csv_category.csv:2:39: 'human trafficking' is not a list of FinCEN SAR categories (TYPE/SUBTYPE, e.g. 9/927; 1/114)
csv_continued.csv|csv_continued.csv:3:12: a line that adds a party leaves the report's columns empty (or give a kind to start a report)
csv_header.csv|csv_header.csv:1:1: header has no column 'filer'
csv_kind.csv|csv_kind.csv:2:1: 'STR' is not a kind (expected SAR or CTR, or empty to add a party to the report above)
csv_no_id.csv|csv_no_id.csv:2:5: no BSA ID: give the BSA ID or document control number
csv_party_first.csv|csv_party_first.csv:2:1: no kind: the first line starts a report (SAR or CTR)
csv_role.csv|csv_role.csv:2:54: 'victim' is not a role (expected subject, conductor, conductor for another or on whose behalf)
csv_sar_cash.csv|csv_sar_cash.csv:2:37: a SAR has no cash in or out: that is a CTR's
party_type.xml|party_type.xml:11:5: <Party> has no ActivityPartyTypeCode (a number)
sar_no_activity.xml|sar_no_activity.xml:3:3: SAR <Activity> has no SuspiciousActivity
sar_no_from.xml|sar_no_from.xml:12:5: <SuspiciousActivity> has no SuspiciousActivityFromDateText
sar_no_type.xml|sar_no_type.xml:15:7: SuspiciousActivityClassification has no SuspiciousActivityTypeID (a number)
sar_to_before_from.xml|sar_to_before_from.xml:14:7: SuspiciousActivityToDateText is before SuspiciousActivityFromDateText
truncated.xml|truncated.xml:21:1: malformed XML: premature end of data in tag Party line 11
wrong_root.xml|wrong_root.xml:1:1: <Document> is not a FinCEN BSA E-Filing batch (expected <EFilingBatchXML>)
LIST

# A good batch with a bad one: neither goes in
cd "$F" || exit 2
expect_refused "all or none" \
	"../bad/bsa/truncated.xml:21:1: malformed XML: premature end of data in tag Party line 11" \
	"$C" import bsa sar-fcb.xml ../bad/bsa/truncated.xml 2>/dev/null
pr -C "$C" bsa --verify
expect_out_has "all or none: nothing" \
	"BSA custody chain intact: 0 entries, 0 rows sealed"

# The SAR (trafficking box, an account masked) and the CTR
pr -C "$C" import bsa sar-fcb.xml ctr-fcb.xml
expect_rc "import bsa" 0
expect_out_has "import: SAR" "sar-fcb.xml: 1 BSA report, SHA-256 $(sha256sum sar-fcb.xml | cut -d' ' -f1)"
expect_out_has "import: CTR" "ctr-fcb.xml: 1 BSA report, SHA-256 $(sha256sum ctr-fcb.xml | cut -d' ' -f1)"
expect_refused "again" "ctr-fcb.xml: already in the case (same SHA-256 as 'ctr-fcb.xml')" \
	"$C" import bsa ctr-fcb.xml

pr -C "$C" bsa
expect_rc "bsa" 0
expect_out_file "bsa table" "$F/bsa.expected"
pr -C "$C" bsa --format csv
expect_rc "bsa csv" 0
expect_out_file "bsa csv" "$F/bsa.csv.expected"
pr -C "$C" bsa --format json
expect_rc "bsa json" 0
expect_out_file "bsa json" "$F/bsa.json.expected"
# the victim's real name and identifiers never reach the output
if grep -qi "l.pez\|987654321" "$T_OUT"; then not_ok "victim named"; else ok; fi
pr -C "$C" bsa --verify
expect_rc "verify" 0
expect_out_has "verify" "BSA custody chain intact: 1 entry, 14 rows sealed"

# FinCEN's own samples (moov-io/fincen), values as filed
pr -C "$C" import bsa moov_samples_sar_batch.xml moov_samples_ctr_batch.xml
expect_rc "samples" 0
pr -C "$C" bsa --verify
expect_out_has "verify samples" "BSA custody chain intact: 2 entries, 30 rows sealed"

# The canonical BSA CSV: a CTR that covers 23 January across two
# accounts, a SAR with two subjects (docs/formats.md)
C2="$T_TMP/csv.case"
pr -C "$C2" init
pr -C "$C2" import bank --profile ../cli/simple.profile \
	--account "FCB checking 7310" cash.csv
pr -C "$C2" import bank --profile ../cli/simple.profile \
	--account "FCB operating 7328" cash-7328.csv
pr -C "$C2" import victims victims.csv
pr -C "$C2" import bsa reports.csv
expect_rc "import bsa csv" 0
expect_out_has "import bsa csv" "reports.csv: 2 BSA reports, SHA-256 $(sha256sum reports.csv | cut -d' ' -f1)"
pr -C "$C2" bsa
expect_rc "bsa csv case" 0
expect_out_file "bsa csv case" "$F/reports.expected"

# An altered row is found
cp "$C" "$T_TMP/alt.case"
"$PR_SQLEXEC" "$T_TMP/alt.case" \
	"UPDATE bsa_report SET amount = 1 WHERE bsa_id = '31000123456789'"
pr -C "$T_TMP/alt.case" bsa --verify
expect_rc "altered" 1
expect_err "altered" "proceeds: BSA custody entry 1: the rows of bsa_report it wrote have been altered (rows 1..2)"

# No SAR reaches `documents`, `log` or an exhibit: the demo case, its
# exhibits, then the demo's SAR, then the exhibits again, byte for byte.
# The demo's steps without its BSA ones (which import the same reports).
D="$T_TMP/demo"
cp -R "$PR_FIXTURES/demo" "$T_TMP/demo-files"
chmod -R u+w "$T_TMP/demo-files"
grep -v '^run import bsa \|^run bsa$' "$PR_FIXTURES/demo/demo.steps" \
	>"$T_TMP/demo-files/demo.steps"
sh "$PR_FIXTURES/demo/run.sh" "$PROCEEDS" "$T_TMP/demo-files" \
	"$D.case" >/dev/null 2>&1
pr -C "$D.case" exhibit --out "$D.before"
expect_rc "exhibits before" 0
"$PROCEEDS" -C "$D.case" documents >"$T_TMP/docs.before"
"$PROCEEDS" -C "$D.case" log >"$T_TMP/log.before"
(cd "$PR_FIXTURES/demo/bsa" &&
	pr -C "$D.case" import bsa sar-psb-2023.xml ctr-beau-rivage-2023.xml)
expect_rc "demo SAR" 0
pr -C "$D.case" exhibit --out "$D.after"
expect_rc "exhibits after" 0
if diff -r "$D.before" "$D.after" >/dev/null; then ok; else
	not_ok "an exhibit changed when a SAR was imported"; fi
"$PROCEEDS" -C "$D.case" documents >"$T_TMP/docs.after"
"$PROCEEDS" -C "$D.case" log >"$T_TMP/log.after"
if cmp -s "$T_TMP/docs.before" "$T_TMP/docs.after"; then ok; else
	not_ok "documents shows the SAR"; fi
if cmp -s "$T_TMP/log.before" "$T_TMP/log.after"; then ok; else
	not_ok "log shows the SAR"; fi
pr -C "$D.case" log --verify
expect_rc "log --verify" 0
pr -C "$D.case" verify "$D.before"
expect_rc "verify exhibits" 0
if grep -rqi "sar\b\|31000234567801\|suspicious" "$D.after" \
	"$T_TMP/docs.after" "$T_TMP/log.after"; then
	not_ok "SAR text found in exhibits, documents or log"; else ok; fi
pr -C "$D.case" bsa
expect_rc "demo bsa" 0
expect_out_file "demo bsa" "$F/demo-bsa.expected"

# A victim named another way in a SAR ("Ana M. Lopez" for "Ana Maria
# Lopez") is still shown by pseudonym, without her identifiers, by bsa
# and by screen (found in review: her name and SSN were printed).
V="$T_TMP/victim"
mkdir -p "$V"
printf '%s\n' 'record,id,role,name,account,relation,start,end,note' \
	'party,V-1,victim,Ana María López,,,,,invented' >"$V/victims.csv"
printf '%s\n' 'kind,bsa_id,filing_date,filer,filer_tin,from,to,amount,cash_in,cash_out,categories,narrative,party,role,tin,birth_date,accounts' \
	'SAR,31000555000222,2024-03-01,Hancock Coast Bank,640998877,2024-01-02,2024-02-28,25000.50,,,9/927,"Seen at the branch.",Ana M. Lopez,subject,987654321,1999-02-03,7310' \
	>"$V/sar.csv"
printf '990100,"LOPEZ, Ana M.","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' \
	>"$V/sdn.csv"
pr -C "$V/c.case" init
pr -C "$V/c.case" import victims "$V/victims.csv"
pr -C "$V/c.case" import bsa "$V/sar.csv"
expect_rc "victim SAR imported" 0
pr -C "$V/c.case" bsa
expect_out_has "victim by pseudonym" \
	"    - role: subject; party: V-1 (victim, by a like name: 8791 bp)"
if grep -q "Lopez\|987654321\|1999-02-03" "$T_OUT"; then
	not_ok "bsa shows a victim's name or identifiers"; else ok; fi
pr -C "$V/c.case" import sanctions --published 2024-05-01 "$V/sdn.csv"
pr -C "$V/c.case" screen
expect_rc "victim screened" 1
expect_out_has "screen: victim by pseudonym" "NAME 10000 bp V-1 (party)"
if grep -q "Ana\|Lopez" "$T_OUT"; then
	not_ok "screen shows a victim's name from a SAR"; else ok; fi

# A CTR covers a cash day only the same way (in, out) and, when it
# names the account by its last four only, possibly (found in review:
# a cash-out CTR covered a cash-in day).
W="$T_TMP/way"
mkdir -p "$W"
printf '%s\n' 'record,id,role,name,account,relation,start,end,note' \
	'party,D-1,defendant,Marcus Reed,,,,,invented' \
	'control,D-1,,,FCB checking 7310,owner,,,invented' >"$W/victims.csv"
printf '%s\n' 'kind,bsa_id,filing_date,filer,filer_tin,from,to,amount,cash_in,cash_out,categories,narrative,party,role,tin,birth_date,accounts' \
	'CTR,31000987650000,2024-01-25,First Coast Bank,640112233,2024-01-16,,,,10500,,,Someone Else,conductor,,,XXXX7310' \
	'CTR,31000987650001,2024-01-25,First Coast Bank,640112233,2024-01-22,,,,12000,,,Someone Else,conductor,,,XXXX7310' \
	>"$W/ctr.csv"
pr -C "$W/c.case" init
(cd "$PR_FIXTURES/bsa" && pr -C "$W/c.case" import bank --profile \
	../cli/simple.profile --account "FCB checking 7310" cash.csv)
pr -C "$W/c.case" import victims "$W/victims.csv"
(cd "$W" && pr -C "$W/c.case" import bsa ctr.csv)
expect_rc "way CTRs imported" 0
pr -C "$W/c.case" bsa
expect_out_has "cash-out CTR, cash-in day" \
	"2024-01-16 D-1 cash in 11500.00: no CTR in the case"
expect_out_has "last four only: possibly" \
	"2024-01-22 D-1 cash out 12000.00: possibly CTR 31000987650001 (ctr.csv:3) (an account by its last four only)"

finish
