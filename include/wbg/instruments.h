/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/instruments.h
 * @brief Instruments: resource strings, transports, SCPI, drivers, virtual bench.
 *
 * Umbrella for this area's public headers; wbg/wbg.h includes it.
 */
#ifndef WBG_INSTRUMENTS_H
#define WBG_INSTRUMENTS_H

#include "wbg/vbench.h" /* virtual bench */
#include "wbg/common.h"
#include "wbg/accuracy.h"
#include "wbg/driver.h" /* capability interfaces */
#include "wbg/method.h" /* measurement methods */

/* -- instrument I/O -- */
#include "wbg/resource.h"
#include "wbg/scpi.h"
#include "wbg/instrument.h"
#include "wbg/usbtmc.h"

/* -- virtual bench -- */

#endif
