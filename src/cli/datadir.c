/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where the program's own files are: the bank profiles and the demo
 * files. An installed proceeds reads them from the directories it was
 * configured with (PR_PROFILE_DIR, PR_DEMO_DIR, under $(pkgdatadir)).
 *
 * A proceeds run from its build tree, before 'make install', reads them
 * from its source tree instead, as an uninstalled CPython finds its parts
 * by a landmark beside its executable (pybuilddir.txt). 'make' writes
 * the landmark, proceeds-srcdir.txt, in the build tree: one line, the
 * absolute source directory. The program looks for it beside its own
 * executable, found through /proc/self/exe (and one directory up when it
 * is libtool's .libs/, where the real program of ./proceeds lives). The
 * landmark is never installed, so an installed program never finds one
 * and uses only the installed directories; neither the source nor the
 * build directory is compiled into the program.
 *
 * Without /proc (not Linux) the program is taken to be installed.
 */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef PR_PROFILE_DIR
#define PR_PROFILE_DIR "/usr/local/share/proceeds/profiles"
#endif
#ifndef PR_DEMO_DIR
#define PR_DEMO_DIR "/usr/local/share/proceeds/demo"
#endif

#define LANDMARK "proceeds-srcdir.txt"

static int looked;
static char srcdir[PATH_MAX];
static char profiles[PATH_MAX + 16];
static char demo[PATH_MAX + 16];

/*
 * Read the landmark beside the executable into srcdir. Nothing is found
 * (srcdir stays empty) when there is no executable path, no landmark, or
 * a landmark that is not one absolute path on one line: a broken build
 * tree is not guessed at.
 */
static void
look(void)
{
	char exe[PATH_MAX], path[PATH_MAX + sizeof(LANDMARK) + 2];
	char line[PATH_MAX + 2];
	ssize_t n;
	size_t len;
	char *slash;
	FILE *fp;

	looked = 1;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return;
	*slash = '\0';
	slash = strrchr(exe, '/');
	if (slash != NULL && strcmp(slash + 1, ".libs") == 0)
		*slash = '\0';
	snprintf(path, sizeof(path), "%s/%s", exe, LANDMARK);
	fp = fopen(path, "r");
	if (fp == NULL)
		return;
	if (fgets(line, sizeof(line), fp) == NULL) {
		fclose(fp);
		return;
	}
	fclose(fp);
	len = strcspn(line, "\n");
	line[len] = '\0';
	if (line[0] != '/' || len >= sizeof(srcdir))
		return;
	memcpy(srcdir, line, len + 1);
	snprintf(profiles, sizeof(profiles), "%s/profiles", srcdir);
	snprintf(demo, sizeof(demo), "%s/fixtures/demo", srcdir);
}

const char *
data_srcdir(void)
{
	if (!looked)
		look();
	return srcdir[0] ? srcdir : NULL;
}

const char *
data_profile_dir(void)
{
	return data_srcdir() ? profiles : PR_PROFILE_DIR;
}

const char *
data_demo_dir(void)
{
	return data_srcdir() ? demo : PR_DEMO_DIR;
}
