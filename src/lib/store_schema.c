/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case schema as an ordered list of migrations: append, never edit. */
#include "config.h"
#include "common.h"
#include "store_schema.h"

/*
 * Amounts are exact signed counts of minor units in ANY columns: INTEGER
 * when they fit in 64 bits, decimal TEXT when they do not (wei). Dates are
 * INTEGER days since 1970-01-01. No REAL column exists.
 */
static const char *const migrations[] = {
	/* 1: documents, accounts, bank transactions, statements, custody */
	"CREATE TABLE custody ("
	" seq INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" command TEXT NOT NULL,"
	" args TEXT NOT NULL,"
	" documents TEXT NOT NULL,"
	" result TEXT NOT NULL,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL UNIQUE"
	") STRICT;"
	"CREATE TABLE document ("
	" id INTEGER PRIMARY KEY,"
	" sha256 TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" size INTEGER NOT NULL,"
	" kind TEXT NOT NULL,"
	" profile TEXT NOT NULL,"
	" profile_sha256 TEXT NOT NULL,"
	" descending INTEGER NOT NULL,"
	" records INTEGER NOT NULL,"
	" log_seq INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE account ("
	" id INTEGER PRIMARY KEY,"
	" ident TEXT NOT NULL,"
	" currency TEXT NOT NULL,"
	" UNIQUE (ident, currency)"
	") STRICT;"
	"CREATE TABLE txn ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" record INTEGER NOT NULL,"
	" line INTEGER NOT NULL,"
	" account_id INTEGER NOT NULL REFERENCES account(id),"
	" date INTEGER NOT NULL,"
	" value_date INTEGER,"
	" amount ANY NOT NULL,"
	" balance ANY,"
	" description TEXT NOT NULL,"
	" reference TEXT NOT NULL,"
	" counterparty TEXT NOT NULL,"
	" counter_account TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE statement ("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES account(id),"
	" start_date INTEGER NOT NULL,"
	" end_date INTEGER NOT NULL,"
	" opening ANY NOT NULL,"
	" closing ANY NOT NULL,"
	" source TEXT NOT NULL,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX statement_account ON statement(account_id, start_date);",
	/* 2: wire records from the banks' wire rooms (issue 3) */
	"CREATE TABLE wire ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" record INTEGER NOT NULL,"
	" line INTEGER NOT NULL,"
	" format TEXT NOT NULL,"
	" value_date INTEGER NOT NULL,"
	" currency TEXT NOT NULL,"
	" amount ANY NOT NULL,"
	" instructed_currency TEXT NOT NULL,"
	" instructed_amount ANY,"
	" originator_name TEXT NOT NULL,"
	" originator_account TEXT NOT NULL,"
	" originator_bank TEXT NOT NULL,"
	" beneficiary_name TEXT NOT NULL,"
	" beneficiary_account TEXT NOT NULL,"
	" beneficiary_bank TEXT NOT NULL,"
	" imad TEXT NOT NULL,"
	" omad TEXT NOT NULL,"
	" uetr TEXT NOT NULL,"
	" reference TEXT NOT NULL,"
	" details TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX wire_imad ON wire(imad) WHERE imad <> '';"
	"CREATE INDEX wire_uetr ON wire(uetr) WHERE uetr <> '';",
	/* 3: exchange rates and on-chain transactions (issue 3) */
	"CREATE TABLE rate ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" date INTEGER NOT NULL,"
	" base TEXT NOT NULL,"
	" quote TEXT NOT NULL,"
	" rate TEXT NOT NULL," /* canonical fraction: 1 base = rate quote */
	" source TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX rate_pair ON rate(base, quote, date);"
	"CREATE TABLE chain_tx ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" record INTEGER NOT NULL,"
	" line INTEGER NOT NULL,"
	" chain TEXT NOT NULL,"
	" kind TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" block INTEGER,"
	" time TEXT NOT NULL,"
	" date INTEGER NOT NULL,"
	" status TEXT NOT NULL,"
	" fee_asset TEXT NOT NULL,"
	" fee ANY NOT NULL"
	") STRICT;"
	"CREATE INDEX chain_tx_hash ON chain_tx(hash);"
	"CREATE TABLE chain_move ("
	" id INTEGER PRIMARY KEY,"
	" tx_id INTEGER NOT NULL REFERENCES chain_tx(id),"
	" n INTEGER NOT NULL,"
	" side TEXT NOT NULL,"
	" address TEXT NOT NULL,"
	" asset TEXT NOT NULL,"
	" value ANY NOT NULL,"
	" prev_hash TEXT NOT NULL,"
	" prev_index INTEGER"
	") STRICT;"
	"CREATE INDEX chain_move_address ON chain_move(address);"
	/* titled assets: what money turned into, and how it was paid for */
	"CREATE TABLE asset ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" ref TEXT NOT NULL," /* the file's own key, e.g. H1 */
	" class TEXT NOT NULL,"
	" identifier TEXT NOT NULL," /* APN / parcel, VIN */
	" description TEXT NOT NULL,"
	" owner TEXT NOT NULL,"
	" nominee TEXT NOT NULL,"
	" acquired INTEGER NOT NULL,"
	" currency TEXT NOT NULL,"
	" cost ANY NOT NULL"
	") STRICT;"
	"CREATE INDEX asset_ref ON asset(ref);"
	"CREATE TABLE asset_event ("
	" id INTEGER PRIMARY KEY,"
	" asset_id INTEGER NOT NULL REFERENCES asset(id),"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" kind TEXT NOT NULL," /* funding, valuation, sale */
	" method TEXT NOT NULL," /* funding: wire, check, mortgage ... */
	" date INTEGER NOT NULL,"
	" currency TEXT NOT NULL,"
	" amount ANY NOT NULL,"
	" party TEXT NOT NULL,"
	" reference TEXT NOT NULL"
	") STRICT;",
	/* 4: exchange detail of account rows, and the analyst's decisions */
	"CREATE TABLE txn_detail ("
	" txn_id INTEGER PRIMARY KEY REFERENCES txn(id),"
	" op TEXT NOT NULL,"      /* deposit, withdrawal, trade, fee ... */
	" time TEXT NOT NULL,"    /* UTC "YYYY-MM-DDTHH:MM:SSZ" or "" */
	" hash TEXT NOT NULL,"    /* on-chain transaction, lower case */
	" address TEXT NOT NULL," /* the address sent to or from */
	" trade TEXT NOT NULL"    /* the legs of one trade share it */
	") STRICT;"
	"CREATE INDEX txn_detail_hash ON txn_detail(hash) WHERE hash <> '';"
	"CREATE TABLE decision ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" action TEXT NOT NULL,"  /* join, never-join, owner */
	" subject TEXT NOT NULL," /* evidence, or an address / account */
	" other TEXT NOT NULL,"   /* evidence, or the party */
	" reason TEXT NOT NULL"
	") STRICT;",
	/* 5: the parties by pseudonym, who controls which accounts, and
	 * which inflows are proceeds of which victim */
	"CREATE TABLE party ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" pseudonym TEXT NOT NULL UNIQUE," /* V-1, D-1: all reports show */
	" role TEXT NOT NULL,"   /* victim, defendant, other */
	" name TEXT NOT NULL,"   /* the real name: never in a report */
	" note TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE control ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" party_id INTEGER NOT NULL REFERENCES party(id),"
	" account TEXT NOT NULL," /* an account's identity, or an address */
	" relation TEXT NOT NULL," /* owner, signer, controller, nominee */
	" start_date INTEGER,"   /* inclusive; NULL: open */
	" end_date INTEGER,"
	" reason TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX control_party ON control(party_id);"
	"CREATE INDEX control_account ON control(account);"
	"CREATE TABLE designation ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" origin TEXT NOT NULL,"  /* a victim's pseudonym, clean, unknown */
	" kind TEXT NOT NULL,"    /* by: flow, counterparty, memo, account */
	" pattern TEXT NOT NULL," /* DOCUMENT:LINE, text, '*' pattern, '' */
	" account TEXT NOT NULL," /* '' when not limited to one */
	" start_date INTEGER,"   /* inclusive; NULL: open */
	" end_date INTEGER,"
	" txn_id INTEGER REFERENCES txn(id)," /* the credit of a flow */
	" reason TEXT NOT NULL,"
	" source TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX designation_txn ON designation(txn_id)"
	" WHERE txn_id IS NOT NULL;",
	/* 6: what each victim worked, was paid, was charged for board and
	 * lodging and lost, for restitution (18 U.S.C. 1593) */
	"CREATE TABLE work ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" party_id INTEGER NOT NULL REFERENCES party(id)," /* a victim */
	" kind TEXT NOT NULL,"    /* work, paid, lodging, loss */
	" start_date INTEGER NOT NULL,"
	" end_date INTEGER NOT NULL," /* inclusive; = start: one day */
	" hours INTEGER NOT NULL,"  /* work: 1/100 hours per workweek */
	" currency TEXT NOT NULL,"  /* '' for work */
	" amount INTEGER NOT NULL," /* minor units; 0 for work */
	" basis TEXT NOT NULL,"     /* lodging: week or period */
	" source TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX work_party ON work(party_id, kind, start_date);",
	/* 7: evidence by DOCUMENT:LINE, as designations and decisions name
	 * it, found through an index instead of a scan per line (issue 10);
	 * a transaction's outputs by transaction, for tx:HASH:N; documents
	 * by name. EXPLAIN QUERY PLAN of each lookup: check_store.c. */
	"CREATE INDEX txn_line ON txn(document_id, line);"
	"CREATE INDEX wire_line ON wire(document_id, line);"
	"CREATE INDEX chain_tx_line ON chain_tx(document_id, line);"
	"CREATE INDEX asset_line ON asset(document_id, line);"
	"CREATE INDEX asset_event_line ON asset_event(document_id, line);"
	"CREATE INDEX chain_move_tx ON chain_move(tx_id, side);"
	"CREATE INDEX document_name ON document(name);",
	/* 8: each custody entry seals the rows its command wrote (their
	 * rowid ranges and digests, docs/custody.md); NULL: none. Opening
	 * a case that had entries before this step adds an "upgrade" entry
	 * that seals every row then in the case (store.c, migrate). */
	"ALTER TABLE custody ADD COLUMN sealed TEXT;",
	/* 9: the case's asset table (import assets): the decimals of a
	 * token the built-in table does not hold, and which contract on
	 * which chain it is ('' for none) */
	"CREATE TABLE crypto_asset ("
	" id INTEGER PRIMARY KEY,"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" code TEXT NOT NULL,"
	" decimals INTEGER NOT NULL,"
	" chain TEXT NOT NULL,"
	" contract TEXT NOT NULL,"
	" source TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX crypto_asset_code ON crypto_asset(code);"
	"CREATE INDEX crypto_asset_contract ON crypto_asset(chain, contract);",
	/* 10: an asset's valuations, which the schedule reads once per
	 * item: by asset, kind and date instead of a scan of every event
	 * per item (issue 12; tests/check_queryplan.c) */
	"CREATE INDEX asset_event_asset ON asset_event(asset_id, kind, date);",
	/* 11: OFAC's sanctions lists (import sanctions, issue 13): each
	 * published version with its files, entries, remarks continuations,
	 * aliases (weak ones from the remarks), addresses and
	 * digital-currency addresses; the screen reads a version whole */
	"CREATE TABLE sanctions_version ("
	" id INTEGER PRIMARY KEY,"
	" published INTEGER NOT NULL UNIQUE," /* the date given: the files
						 carry none */
	" lists TEXT NOT NULL,"    /* SDN, CONS, or CONS; SDN */
	" entries INTEGER NOT NULL,"
	" aliases INTEGER NOT NULL,"
	" places INTEGER NOT NULL,"
	" wallets INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE sanctions_file ("
	" id INTEGER PRIMARY KEY,"
	" version_id INTEGER NOT NULL REFERENCES sanctions_version(id),"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" kind TEXT NOT NULL"      /* sdn, alt, add, comments, cons-prim ... */
	") STRICT;"
	"CREATE INDEX sanctions_file_version ON sanctions_file(version_id);"
	"CREATE TABLE sanctions_entry ("
	" id INTEGER PRIMARY KEY,"
	" version_id INTEGER NOT NULL REFERENCES sanctions_version(id),"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" list TEXT NOT NULL,"     /* SDN, CONS */
	" ent_num INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" type TEXT NOT NULL,"     /* individual, vessel, aircraft, '' */
	" programs TEXT NOT NULL," /* "SDGT; IFSR" */
	" title TEXT NOT NULL,"
	" call_sign TEXT NOT NULL,"
	" vess_type TEXT NOT NULL,"
	" tonnage TEXT NOT NULL,"
	" grt TEXT NOT NULL,"
	" vess_flag TEXT NOT NULL,"
	" vess_owner TEXT NOT NULL,"
	" remarks TEXT NOT NULL"   /* as in its file: continuations follow */
	") STRICT;"
	"CREATE UNIQUE INDEX sanctions_entry_num ON"
	" sanctions_entry(version_id, list, ent_num);"
	"CREATE TABLE sanctions_comment ("
	" id INTEGER PRIMARY KEY,"
	" version_id INTEGER NOT NULL REFERENCES sanctions_version(id),"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" entry_id INTEGER NOT NULL REFERENCES sanctions_entry(id),"
	" remarks TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX sanctions_comment_version ON"
	" sanctions_comment(version_id, entry_id);"
	"CREATE TABLE sanctions_alias ("
	" id INTEGER PRIMARY KEY,"
	" version_id INTEGER NOT NULL REFERENCES sanctions_version(id),"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" entry_id INTEGER NOT NULL REFERENCES sanctions_entry(id),"
	" alt_num INTEGER NOT NULL," /* 0: weak, from the remarks */
	" kind TEXT NOT NULL,"     /* aka, fka, nka */
	" name TEXT NOT NULL,"
	" weak INTEGER NOT NULL,"
	" remarks TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX sanctions_alias_version ON"
	" sanctions_alias(version_id, entry_id);"
	"CREATE TABLE sanctions_place ("
	" id INTEGER PRIMARY KEY,"
	" version_id INTEGER NOT NULL REFERENCES sanctions_version(id),"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"
	" entry_id INTEGER NOT NULL REFERENCES sanctions_entry(id),"
	" add_num INTEGER NOT NULL,"
	" address TEXT NOT NULL,"
	" city TEXT NOT NULL,"     /* city, state or province, postal code */
	" country TEXT NOT NULL,"
	" remarks TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX sanctions_place_version ON"
	" sanctions_place(version_id, entry_id);"
	"CREATE TABLE sanctions_wallet ("
	" id INTEGER PRIMARY KEY,"
	" version_id INTEGER NOT NULL REFERENCES sanctions_version(id),"
	" document_id INTEGER NOT NULL REFERENCES document(id),"
	" line INTEGER NOT NULL,"  /* where its remark starts */
	" entry_id INTEGER NOT NULL REFERENCES sanctions_entry(id),"
	" n INTEGER NOT NULL,"     /* its place in the entry's remarks */
	" currency TEXT NOT NULL," /* OFAC's code as written: XBT, ETH ... */
	" address TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX sanctions_wallet_version ON"
	" sanctions_wallet(version_id, entry_id);"
	"CREATE INDEX sanctions_wallet_address ON"
	" sanctions_wallet(version_id, address);",
};

int
pr__schema_count(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *
pr__schema_step(int i)
{
	return migrations[i];
}
