/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SWIFT MT940 customer statements and MT942 interim transaction reports.
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <string.h>

/* A SWIFT block 2 naming 940, 942 or 950, or the statement's own tags
 * at the start of lines: an account (:25:) and a balance or an entry. */
int
pr__mt940_probe(const char *head, size_t len)
{
	if (pr__head_has(head, len, "{2:I940", 0) ||
	    pr__head_has(head, len, "{2:O940", 0) ||
	    pr__head_has(head, len, "{2:I942", 0) ||
	    pr__head_has(head, len, "{2:O942", 0) ||
	    pr__head_has(head, len, "{2:I950", 0) ||
	    pr__head_has(head, len, "{2:O950", 0))
		return 1;
	return pr__head_has(head, len, "\n:25:", 0) &&
	       (pr__head_has(head, len, "\n:60F:", 0) ||
		pr__head_has(head, len, "\n:60M:", 0) ||
		pr__head_has(head, len, "\n:61:", 0) ||
		pr__head_has(head, len, "\n:34F:", 0));
}

int
pr__mt940_read(const char *path, const char *name,
	       const pr_import_options *o, const pr__import_sink *sink,
	       pr__read_info *info, pr_error *err)
{
	(void)path;
	(void)o;
	(void)sink;
	(void)info;
	return pr__error_set(err, PR_EINVALID, "%s: the MT940 reader is "
			     "not built yet", name);
}
