#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Victims, defendants and designations of proceeds: the canonical
# victims and designations CSVs against the demo case's bank accounts
# and wires; their malformed inputs and lines naming what the case does
# not hold, each refused with its place and the case unchanged; and
# 'proceeds parties', which shows real names only when asked.
. "$(dirname "$0")/lib.sh"
C="$T_TMP/v.case"

pr -C "$C" init
cd "$PR_FIXTURES/demo" || exit 2
pr -C "$C" import bank --profile dcu --account "GCFCU checking 4417" \
	gcfcu-checking-2023-01.csv gcfcu-checking-2023-02.csv \
	late/gcfcu-checking-2023-03.csv gcfcu-checking-2023-04.csv \
	gcfcu-checking-2023-05.csv gcfcu-checking-2023-06.csv
expect_rc "case: GCFCU" 0
pr -C "$C" import bank --profile schwab --account "PSB business 0932" \
	psb-business-2023H1.csv
expect_rc "case: PSB business" 0
pr -C "$C" import bank --profile schwab --account "PSB money market 5520" \
	psb-moneymarket-5520-2023H1.csv
expect_rc "case: PSB money market" 0
pr -C "$C" import wire wires-psb-5520.csv
expect_rc "case: wires" 0

# Before any party is in the case: designations have no victim.
cd "$PR_FIXTURES/victims" || exit 2
expect_refused "designations before victims" \
	"designations.csv:2:1: no victim 'V-1' in the case (import victims first)" \
	"$C" import designations designations.csv

cd "$PR_FIXTURES/bad/victims" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import victims "$file"
done <<'LIST'
unknown_record.csv|unknown_record.csv:2:1: unknown record 'person' (expected party or control)
bad_pseudonym.csv|bad_pseudonym.csv:2:7: 'Victim1' is not a pseudonym (expected capital letters, '-' and a number: V-1, D-2)
leading_zero.csv|leading_zero.csv:2:7: 'V-01' is not a pseudonym (expected capital letters, '-' and a number: V-1, D-2)
no_id.csv|no_id.csv:2:7: no id: give the party's pseudonym (V-1, D-1 ...)
unknown_role.csv|unknown_role.csv:2:11: unknown role 'witness' (expected victim, defendant or other)
role_mismatch.csv|role_mismatch.csv:2:7: pseudonym 'D-1' does not fit role victim (victims are V-N, defendants D-N, and only they)
other_as_victim.csv|other_as_victim.csv:2:7: pseudonym 'V-1' does not fit role other (victims are V-N, defendants D-N, and only they)
no_name.csv|no_name.csv:2:18: no name: give the party's real name (reports show only the pseudonym)
party_account.csv|party_account.csv:2:27: a party line has no account (leave it empty)
duplicate.csv|duplicate.csv:4:7: party 'V-1' is already defined at duplicate.csv:2
unknown_party.csv|unknown_party.csv:3:9: no party 'D-2' in this file or the case (define it on a party line)
control_before_party.csv|control_before_party.csv:2:9: no party 'D-1' in this file or the case (define it on a party line)
control_name.csv|control_name.csv:3:14: a control line has no name (leave it empty)
no_account.csv|no_account.csv:3:15: no account: name the account or address the party controls
account_space.csv|account_space.csv:3:15: 'PSB business 0932 ' starts or ends with a space
unknown_relation.csv|unknown_relation.csv:3:33: unknown relation 'beneficiary' (expected owner, signer, controller or nominee)
bad_date.csv|bad_date.csv:3:39: date '2023-02-30' does not exist
end_before_start.csv|end_before_start.csv:3:50: '2023-05-31': the end is before the start
no_note.csv|no_note.csv:3:41: no note: say how the party is known to control the account (signature card, interview ...)
too_few.csv|too_few.csv:2:30: record has 8 fields; expected 9
missing_column.csv|missing_column.csv:1:1: header has no column 'note'
header_only.csv|header_only.csv: no parties or control lines after the header
LIST

# Three victims, two defendants and the accounts and address they
# control.
cd "$PR_FIXTURES/victims" || exit 2
SUM=$(sha256sum victims.csv | cut -d' ' -f1)
pr -C "$C" import victims victims.csv
expect_rc "import victims" 0
expect_out_has "import victims" \
	"victims.csv: 5 parties, 5 control lines, SHA-256 $SUM"
pr -C "$C" log
expect_out_has "log: victims" \
	"    result: imported 1 document: 5 parties, 5 control lines"
cd "$PR_FIXTURES/bad/victims" || exit 2
expect_refused "redefine" \
	"redefine.csv:3:7: party 'V-1' is already defined at victims.csv:2" \
	"$C" import victims redefine.csv

cd "$PR_FIXTURES/bad/designations" || exit 2
while IFS='|' read -r file msg; do
	[ -z "$file" ] && continue
	expect_refused "$file" "$msg" "$C" import designations "$file"
done <<'LIST'
bad_origin.csv|bad_origin.csv:2:1: 'victim 1' is not an origin (expected a victim's pseudonym such as V-1, clean or unknown)
no_origin.csv|no_origin.csv:2:1: no origin (expected a victim's pseudonym, clean or unknown)
defendant_origin.csv|defendant_origin.csv:2:1: 'D-1' is not a victim's pseudonym: proceeds come from victims (V-N)
no_victim.csv|no_victim.csv:2:1: no victim 'V-9' in the case (import victims first)
unknown_by.csv|unknown_by.csv:2:5: unknown by 'payer' (expected flow, counterparty, memo or account)
flow_not_ref.csv|flow_not_ref.csv:2:10: 'psb-business-2023H1.csv' is not a credit (expected DOCUMENT:LINE)
flow_tx.csv|flow_tx.csv:2:10: 'tx:60bef0745c3673ea41653b604aba394becc2d...': an on-chain transaction is not a credit of an account; designate the deposit that received it
flow_directory.csv|flow_directory.csv:2:10: 'demo/psb-business-2023H1.csv:4': name the document by its file name, without a directory
flow_account.csv|flow_account.csv:2:36: a flow names its credit: leave account empty
flow_no_document.csv|flow_no_document.csv:2:10: no document named 'psb-business.csv' in the case
flow_no_record.csv|flow_no_record.csv:2:10: no evidence 'psb-business-2023H1.csv:99' in the case (no record starts on that line)
flow_wire.csv|flow_wire.csv:2:10: 'wires-psb-5520.csv:2' is not a bank or exchange row: designate the credit of the account that received it
flow_debit.csv|flow_debit.csv:2:10: 'psb-business-2023H1.csv:6' is a debit: only an inflow can be designated
flow_twice.csv|flow_twice.csv:3:10: 'psb-business-2023H1.csv:4' is already designated V-1 at flow_twice.csv:2
no_match.csv|no_match.csv:2:18: no match: give text of the counterparty or description
memo_star.csv|memo_star.csv:2:10: '**' matches every inflow: designate an account's inflows by account
matches_nothing.csv|matches_nothing.csv:2:18: 'ZELLE FROM J D0E' matches no inflow in the case
matches_nothing_period.csv|matches_nothing_period.csv:2:18: 'ZELLE FROM J DOE' matches no inflow to 'PSB business 0932' from 2022-01-01 to 2022-12-31 in the case
memo_nothing.csv|memo_nothing.csv:2:10: 'CASH DEPOSIT BRANCH *' matches no inflow to 'PSB money market 5520' in the case
no_account.csv|no_account.csv:2:24: no account 'PSB business 932' in the case
account_match.csv|account_match.csv:2:13: by account designates every inflow of the account: leave match empty
account_no_period.csv|account_no_period.csv:2:43: no end: by account needs the period, start and end
account_none.csv|account_none.csv:2:14: no inflow to 'PSB business 0932' from 2022-01-01 to 2022-06-30 in the case
end_before_start.csv|end_before_start.csv:2:36: '2023-01-01': the end is before the start
bad_date.csv|bad_date.csv:2:25: date '2023-1-1' does not match layout YYYY-MM-DD
no_reason.csv|no_reason.csv:2:27: no reason: say why these inflows are designated so
no_source.csv|no_source.csv:2:29: no source: cite the interview, report or record relied on
missing_column.csv|missing_column.csv:1:1: header has no column 'source'
header_only.csv|header_only.csv: no designations after the header
LIST

# Zelle and Cash App inflows by counterparty, branch cash deposits by
# memo pattern, one transfer by its line, payroll as clean.
cd "$PR_FIXTURES/victims" || exit 2
SUM=$(sha256sum designations.csv | cut -d' ' -f1)
pr -C "$C" import designations designations.csv
expect_rc "import designations" 0
expect_out_has "import designations" \
	"designations.csv: 7 designations, SHA-256 $SUM"
pr -C "$C" log
expect_out_has "log: designations" \
	"    result: imported 1 document: 7 designations"
if grep -q '^[0-9]* [-0-9T:Z]* import \["designations","designations.csv"\]$' \
	"$T_OUT"; then ok; else not_ok "log: the designations command"; fi
cd "$PR_FIXTURES/bad/designations" || exit 2
expect_refused "flow designated again" \
	"flow_again.csv:3:10: 'psb-business-2023H1.csv:4' is already designated V-2 at designations.csv:7" \
	"$C" import designations flow_again.csv
pr -C "$C" import designations --format csv flow_again.csv
expect_rc "designations take no --format" 2

# Parties by pseudonym; real names only with --names.
pr -C "$C" parties
expect_rc "parties" 0
expect_out_file "parties" "$PR_FIXTURES/victims/parties.expected"
if grep -q 'Jane Doe\|Marcus Reed' "$T_OUT"; then
	not_ok "parties: a real name without --names"; else ok; fi
pr -C "$C" parties --names
expect_rc "parties --names" 0
expect_out_file "parties --names" \
	"$PR_FIXTURES/victims/parties-names.expected"
pr -C "$C" parties --nmes
expect_rc "parties: unknown option" 2
pr -C "$C" log --verify
expect_rc "log intact" 0
finish
