/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ISO 20022 camt.052, camt.053 and camt.054 bank-to-customer reports,
 * statements and notifications, streamed through libxml2.
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <string.h>

/* XML whose namespace or root names a camt.052, .053 or .054 message. */
int
pr__camt_probe(const char *head, size_t len)
{
	return memchr(head, '<', len) != NULL &&
	       (pr__head_has(head, len, "camt.052", 0) ||
		pr__head_has(head, len, "camt.053", 0) ||
		pr__head_has(head, len, "camt.054", 0) ||
		pr__head_has(head, len, "<BkToCstmrStmt", 0) ||
		pr__head_has(head, len, "<BkToCstmrAcctRpt", 0) ||
		pr__head_has(head, len, "<BkToCstmrDbtCdtNtfctn", 0));
}

int
pr__camt_read(const char *path, const char *name,
	      const pr_import_options *o, const pr__import_sink *sink,
	      pr__read_info *info, pr_error *err)
{
	(void)path;
	(void)o;
	(void)sink;
	(void)info;
	return pr__error_set(err, PR_EINVALID, "%s: the camt reader is "
			     "not built yet", name);
}
