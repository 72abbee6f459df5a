/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/analysis.h
 * @brief Analysis: extraction, statistics, life data, uncertainty.
 *
 * Umbrella for this area's public headers; wbg/wbg.h includes it.
 */
#ifndef WBG_ANALYSIS_H
#define WBG_ANALYSIS_H

#include "wbg/common.h"
/* extract.inc side: device parameters, C-V, DLTS, transport, statistics, uncertainty */
#include "wbg/uncertainty.h"
#include "wbg/extract.h"
#include "wbg/stats.h"
#include "wbg/cv.h"
#include "wbg/transport.h"
#include "wbg/dlts.h"

/* fitlife.inc side */
#include "wbg/nlfit.h"
#include "wbg/life.h"
#include "wbg/spectrum.h"
#include "wbg/drift.h"
#include "wbg/alt.h"

#endif
