/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lake Shore 336 driver: pure parsing (protocol.c) and the accuracy model
 * of its inputs (accuracy.c). */
#ifndef WBG_DRIVERS_LS336_DRV_H
#define WBG_DRIVERS_LS336_DRV_H

#include "wbg/accuracy.h"

/* Parse a KRDG? reply ("+298.150", CR LF) into kelvin; a reading must be
 * finite and within 0..2000 K. WBG_OK or WBG_ERR_PARSE. */
int wbgi_ls336_parse_kelvin(double *out_k, const char *text);

/* INTYPE? reply "<type>,<autorange>,<range>,<compensation>,<units>"
 * (manual format n,n,n,n,n). */
struct wbgi_ls336_intype {
	int type, autorange, range, comp, units;
};
int wbgi_ls336_parse_intype(struct wbgi_ls336_intype *out, const char *text);

/* A reply of one integer within lo..hi (INCRV? "02", RDGST? "000").
 * WBG_OK or WBG_ERR_PARSE. */
int wbgi_ls336_parse_int(int *out, const char *text, int lo, int hi);

/* SRDG? reply: one finite number (V, Ω or mV). WBG_OK or WBG_ERR_PARSE. */
int wbgi_ls336_parse_units(double *out, const char *text);

/* CRVPT? reply "<units>,<temperature>": finite units, 0..2000 K. */
int wbgi_ls336_parse_crvpt(double *out_units, double *out_k, const char *text);

/* CRVHDR? reply "<name>,<SN>,<format>,<limit>,<coefficient>": the data
 * format (1 mV/K, 2 V/K, 3 Ω/K, 4 log Ω/K). */
int wbgi_ls336_parse_crvhdr(int *out_format, const char *text);

/* The document the input specifications come from (static). */
extern const char wbgi_ls336_source[];

/* "diode", "PTC RTD", ... for an INTYPE sensor type; "unknown" otherwise. */
const char *wbgi_ls336_type_name(int type);

/* The electronic accuracy of sensor type @p type on range @p range (INTYPE
 * numbering), in sensor units, as a range specification (tempco 0: at the
 * manual's 25 °C). WBG_OK; WBG_ERR_STATE for a disabled input (type 0);
 * WBG_ERR_NOT_SUPPORTED for a type or range wbgkit has no verified
 * specification of. */
int wbgi_ls336_input_spec(const wbg_acc_spec **out, int type, int range);

/* Standard uncertainty (K) of a reading of @p units sensor units where the
 * curve gives dT/dS = @p dtds (K per sensor unit), with a sensor tolerance
 * half-width @p tol_k (0 for none): sqrt(a_e² + tol²)/√3, a_e the
 * electronic limit in kelvin. NaN for bad arguments or a reading beyond
 * the range. */
double wbgi_ls336_u_k(const wbg_acc_spec *spec, double units, double dtds, double tol_k);

#endif
