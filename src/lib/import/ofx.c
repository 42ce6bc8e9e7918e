/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * OFX and QFX statements (1.x SGML, 2.x XML), read through libofx.
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <string.h>

/* OFX 1.x starts with its SGML header "OFXHEADER:"; 2.x is XML with an
 * OFXHEADER processing instruction; some banks send the <OFX> body bare. */
int
pr__ofx_probe(const char *head, size_t len)
{
	return pr__head_has(head, len, "OFXHEADER", 1) ||
	       pr__head_has(head, len, "<OFX>", 1);
}

int
pr__ofx_read(const char *path, const char *name,
	     const pr_import_options *o, const pr__import_sink *sink,
	     pr__read_info *info, pr_error *err)
{
	(void)path;
	(void)o;
	(void)sink;
	(void)info;
	return pr__error_set(err, PR_EINVALID, "%s: the OFX reader is "
			     "not built yet", name);
}
