/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BAI2 cash management balance reporting files.
 */
#include "config.h"
#include "common.h"
#include "import.h"

#include <string.h>

/* A BAI2 file starts with its file header record, "01,". */
int
pr__bai2_probe(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (head[i] == ' ' || head[i] == '\r' ||
			   head[i] == '\n'))
		i++;
	return len - i >= 3 && memcmp(head + i, "01,", 3) == 0;
}

int
pr__bai2_read(const char *path, const char *name,
	      const pr_import_options *o, const pr__import_sink *sink,
	      pr__read_info *info, pr_error *err)
{
	(void)path;
	(void)o;
	(void)sink;
	(void)info;
	return pr__error_set(err, PR_EINVALID, "%s: the BAI2 reader is "
			     "not built yet", name);
}
