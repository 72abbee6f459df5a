/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/standards.h
 * @brief Standards: loader, schema validation, evaluator, decision rules.
 *
 * Umbrella for this area's public headers; wbg/wbg.h includes it.
 */
#ifndef WBG_STANDARDS_H
#define WBG_STANDARDS_H

#include "wbg/common.h"
#include "wbg/standard.h"
#include "wbg/evaluate.h"
#include "wbg/stdplan.h"

#endif
