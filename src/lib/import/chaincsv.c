/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: the canonical on-chain CSV (being written). */
#include "config.h"
#include "common.h"
#include "import.h"

int
pr__chaincsv_probe(const char *head, size_t len)
{
	(void)head;
	(void)len;
	return 0;
}

int
pr__chaincsv_read(const char *path, const char *name,
		  const pr_import_options *o, const pr__import_sink *sink,
		  pr__read_info *info, pr_error *err)
{
	(void)path; (void)name; (void)o; (void)sink; (void)info;
	return pr__error_set(err, PR_EINVALID, "not yet");
}
