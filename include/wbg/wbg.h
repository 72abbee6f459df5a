/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/wbg.h
 * @brief The umbrella header of libwbg: include this one.
 */
#ifndef WBG_WBG_H
#define WBG_WBG_H

#include "wbg/common.h"
#include "wbg/error.h"
#include "wbg/context.h"
#include "wbg/units.h"
#include "wbg/record.h"
#include "wbg/store.h"
#include "wbg/instruments.h"
#include "wbg/analysis.h"
#include "wbg/standards.h"

#endif
