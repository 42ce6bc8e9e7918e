/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proceeds: the umbrella header of libproceeds. */
#ifndef PROCEEDS_H
#define PROCEEDS_H

#include "proceeds/common.h"
#include "proceeds/money.h"
#include "proceeds/date.h"
#include "proceeds/hash.h"
#include "proceeds/store.h"
#include "proceeds/import.h"
#include "proceeds/recon.h"
#include "proceeds/match.h"
#include "proceeds/trace.h"
#include "proceeds/report.h"
#include "proceeds/redact.h"
#include "proceeds/schedule.h"
#include "proceeds/restitution.h"
#include "proceeds/sanctions.h"
#include "proceeds/exhibit.h"
#include "proceeds/bsa.h"
#include "proceeds/screen.h"

#endif
