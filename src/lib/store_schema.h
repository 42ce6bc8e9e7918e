/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef PR_LIB_STORE_SCHEMA_H
#define PR_LIB_STORE_SCHEMA_H

/* Number of migration steps; the schema version is this count. */
int pr__schema_count(void);
/* SQL of step i (0-based): it takes version i to version i + 1. */
const char *pr__schema_step(int i);

#endif
