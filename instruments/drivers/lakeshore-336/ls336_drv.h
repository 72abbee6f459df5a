/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lake Shore 336 driver: pure parsing (protocol.c). */
#ifndef WBG_DRIVERS_LS336_DRV_H
#define WBG_DRIVERS_LS336_DRV_H

/* Parse a KRDG? reply ("+298.150", CR LF) into kelvin; a reading must be
 * finite and within 0..2000 K. WBG_OK or WBG_ERR_PARSE. */
int wbgi_ls336_parse_kelvin(double *out_k, const char *text);

#endif
