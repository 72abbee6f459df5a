/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/standard.h
 * @brief Loading standards, device profiles and bench descriptions (XML).
 *
 * Every document is checked against the wbgkit schema
 * (standards/schema/wbgkit-1.xsd, namespace urn:wbgkit:standard:1) before
 * use. The loader is built for files from anywhere:
 * - the file is read into memory with a size cap (WBG_XML_MAX_BYTES);
 * - no network (XML_PARSE_NONET), no DTD loading, no entity substitution;
 *   a document with any DOCTYPE or ENTITY declaration is refused outright;
 * - nesting depth, attribute and text sizes are bounded;
 * - every problem is reported with file:line and what to fix: each one is
 *   logged at WBG_LOG_ERROR (module "xml"), and the error detail on the
 *   context names the first one and the count.
 *
 * Quantities are converted to SI on load; a quantity whose unit does not have
 * the dimension of its parameter is an error naming the line.
 */
#ifndef WBG_STANDARD_H
#define WBG_STANDARD_H

#include <stddef.h>

#include "wbg/accuracy.h"
#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest XML file the loader reads, in bytes. */
#define WBG_XML_MAX_BYTES (4u << 20)
/** Deepest element nesting accepted. */
#define WBG_XML_MAX_DEPTH 24
/** Longest attribute value accepted, in bytes. */
#define WBG_XML_MAX_ATTR 4096
/** Longest text node accepted, in bytes. */
#define WBG_XML_MAX_TEXT 16384

/** The schema namespace of this version. */
#define WBG_SCHEMA_NS "urn:wbgkit:standard:1"
/** The schema's file name under $(datadir)/wbgkit/standards/schema/. */
#define WBG_SCHEMA_FILE "wbgkit-1.xsd"

typedef struct wbg_schema wbg_schema;
typedef struct wbg_standard wbg_standard;
typedef struct wbg_device wbg_device;
typedef struct wbg_bench wbg_bench;

/** The kind of a wbgkit XML document (its root element). */
typedef enum wbg_doc_kind {
	WBG_DOC_STANDARD = 0,
	WBG_DOC_DEVICE = 1,
	WBG_DOC_BENCH = 2,
} wbg_doc_kind;

/** "standard", "device" or "bench". Static storage. */
WBG_API const char *wbg_doc_kind_name(wbg_doc_kind kind);

/**
 * Load and compile the schema from an XSD file (never from the network).
 * @param[out] out the schema, owned by the caller (wbg_schema_free). It is
 *        read-only afterwards and may be shared by threads.
 * @param xsd_path path of wbgkit-1.xsd.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_IO (cannot read),
 *         WBG_ERR_OVERFLOW (too large), WBG_ERR_SCHEMA (not a valid XSD), WBG_ERR_NOMEM.
 */
WBG_API int wbg_schema_new(wbg_schema **out, const char *xsd_path, wbg_ctx *ctx);

/** Free a schema. NULL is a no-op. */
WBG_API void wbg_schema_free(wbg_schema *schema);

/**
 * Check a document held in memory: well-formed, safe, valid against the
 * schema, and every quantity parses with a unit of the right dimension.
 * @param[out] out_kind the document's kind (only on WBG_OK); may be NULL.
 * @param name the name used in messages (a file name).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_OVERFLOW (too large),
 *         WBG_ERR_XML (not well-formed, DOCTYPE/ENTITY, too deep or too long),
 *         WBG_ERR_SCHEMA (not valid), WBG_ERR_UNIT (a quantity's unit),
 *         WBG_ERR_NOMEM.
 */
WBG_API int wbg_doc_check_memory(wbg_doc_kind *out_kind, const wbg_schema *schema,
                                 const char *buf, size_t len, const char *name, wbg_ctx *ctx);

/** As wbg_doc_check_memory() for a file; also WBG_ERR_IO when it cannot be read. */
WBG_API int wbg_doc_check_file(wbg_doc_kind *out_kind, const wbg_schema *schema,
                               const char *path, wbg_ctx *ctx);

/**
 * Load a standard.
 * @param[out] out the standard, owned by the caller (wbg_standard_free).
 * @return as wbg_doc_check_memory(); WBG_ERR_SCHEMA also when the document is
 *         a device or bench rather than a standard.
 */
WBG_API int wbg_standard_load_memory(wbg_standard **out, const wbg_schema *schema,
                                     const char *buf, size_t len, const char *name,
                                     wbg_ctx *ctx);

/** As wbg_standard_load_memory() for a file. */
WBG_API int wbg_standard_load_file(wbg_standard **out, const wbg_schema *schema,
                                   const char *path, wbg_ctx *ctx);

/** Free a standard. NULL is a no-op. */
WBG_API void wbg_standard_free(wbg_standard *std);

/** Identity: id, revision and title. Borrowed, valid while @p std lives. */
WBG_API const char *wbg_standard_id(const wbg_standard *std);
WBG_API const char *wbg_standard_revision(const wbg_standard *std);
WBG_API const char *wbg_standard_title(const wbg_standard *std);

/** Number of tests, and of user settings, in the standard. */
WBG_API size_t wbg_standard_test_count(const wbg_standard *std);
WBG_API size_t wbg_standard_setting_count(const wbg_standard *std);

/**
 * Describe setting @p i: its name, unit, the document it should be taken
 * from (with clause), and whether it has a value. All strings borrowed.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (NULL or index out of range).
 */
WBG_API int wbg_standard_setting(const char **out_name, const char **out_unit,
                                 const char **out_source, int *out_has_value,
                                 const wbg_standard *std, size_t i);

/**
 * Give a user setting a value, e.g. ("htrb_temp", "175 °C"). The quantity
 * must have the dimension of the setting's unit.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (no such setting),
 *         WBG_ERR_PARSE / WBG_ERR_UNIT (bad quantity).
 */
WBG_API int wbg_standard_set(wbg_standard *std, const char *name, const char *quantity,
                             wbg_ctx *ctx);

/**
 * Write a human-readable description of the standard (tests, conditions,
 * limits, with their provenance: quoted, user-set, editorial choice).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_OVERFLOW (buffer too small;
 *         the text is truncated but NUL-terminated).
 */
WBG_API int wbg_standard_describe(char *buf, size_t len, const wbg_standard *std);

/**
 * Load a device profile.
 * @param[out] out the device, owned by the caller (wbg_device_free).
 * @return as wbg_standard_load_memory().
 */
WBG_API int wbg_device_load_memory(wbg_device **out, const wbg_schema *schema, const char *buf,
                                   size_t len, const char *name, wbg_ctx *ctx);

/** As wbg_device_load_memory() for a file. */
WBG_API int wbg_device_load_file(wbg_device **out, const wbg_schema *schema, const char *path,
                                 wbg_ctx *ctx);

/** Free a device profile. NULL is a no-op. */
WBG_API void wbg_device_free(wbg_device *dev);

/** The device's id. Borrowed. */
WBG_API const char *wbg_device_id(const wbg_device *dev);

/**
 * A rating of the device in SI, e.g. "VDS_max" -> 1200.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND.
 */
WBG_API int wbg_device_rating(double *out_si, const wbg_device *dev, const char *name,
                              wbg_ctx *ctx);

/** One DUT terminal of a bench and the limits the drivers must enforce on it (SI). */
typedef struct wbg_bench_terminal {
	const char *name;          /**< e.g. "drain" */
	double max_voltage_v;
	double max_current_a;
	double max_power_w;
	double interlock_above_v;  /**< an interlock must be closed above this; NaN when none */
} wbg_bench_terminal;

/** Which instrument channel drives which terminal. Strings borrowed from the bench. */
typedef struct wbg_bench_connection {
	const char *instrument;    /**< the instrument's id in the file */
	const char *resource;      /**< its VISA-style resource string */
	const char *model;         /**< "" when not given */
	const char *channel;
	const char *terminal;
	const char *role;          /**< force, sense, force-sense or temperature */
	double sensor_tolerance_k; /**< role temperature: the sensor's tolerance to its
	                                curve (half-width, K); NaN when not given */
} wbg_bench_connection;

/**
 * A trigger cable between the digital I/O ports of two instruments
 * (`<trigger-link>`): line @c from_line of @c from drives line @c to_line
 * of @c to. Strings borrowed from the bench.
 */
typedef struct wbg_bench_trigger_link {
	const char *from;          /**< the driving instrument's id in the file */
	const char *from_resource; /**< its resource string */
	int from_line;             /**< its digital I/O line (1-based) */
	const char *to;            /**< the receiving instrument's id */
	const char *to_resource;
	int to_line;
	long line;                 /**< the line of the element in the file, for messages */
} wbg_bench_trigger_link;

/**
 * Load a bench description.
 * @param[out] out the bench, owned by the caller (wbg_bench_free).
 * @return as wbg_standard_load_memory(); WBG_ERR_SCHEMA when the document is not a bench.
 */
WBG_API int wbg_bench_load_memory(wbg_bench **out, const wbg_schema *schema, const char *buf,
                                  size_t len, const char *name, wbg_ctx *ctx);

/** As wbg_bench_load_memory() for a file. */
WBG_API int wbg_bench_load_file(wbg_bench **out, const wbg_schema *schema, const char *path,
                                wbg_ctx *ctx);

/** Free a bench. NULL is a no-op. */
WBG_API void wbg_bench_free(wbg_bench *bench);

/** The bench's id. Borrowed. */
WBG_API const char *wbg_bench_id(const wbg_bench *bench);

/**
 * The accuracy table the bench file gives instrument @p instrument (its
 * id) with an `<accuracy source="...">` element, or NULL when it gives none.
 * Borrowed from @p bench. wbg_meas_use_bench() attaches it to the SMU
 * channels of that instrument (wbg_smu_set_accuracy()).
 */
WBG_API const wbg_acc_table *wbg_bench_accuracy(const wbg_bench *bench, const char *instrument);

/** Number of terminals, and terminal @p i (NULL when out of range). Borrowed. */
WBG_API size_t wbg_bench_terminal_count(const wbg_bench *bench);
WBG_API const wbg_bench_terminal *wbg_bench_terminal_at(const wbg_bench *bench, size_t i);

/** The terminal named @p name, or NULL. Borrowed. */
WBG_API const wbg_bench_terminal *wbg_bench_terminal_find(const wbg_bench *bench,
                                                          const char *name);

/** Number of connections, and connection @p i (NULL when out of range). Borrowed. */
WBG_API size_t wbg_bench_connection_count(const wbg_bench *bench);
WBG_API const wbg_bench_connection *wbg_bench_connection_at(const wbg_bench *bench, size_t i);

/**
 * Number of trigger cables, and cable @p i (NULL when out of range).
 * Loading checks that the two ends are different instruments and that no
 * line of an instrument is both driven and received. Borrowed.
 */
WBG_API size_t wbg_bench_trigger_link_count(const wbg_bench *bench);
WBG_API const wbg_bench_trigger_link *wbg_bench_trigger_link_at(const wbg_bench *bench,
                                                                size_t i);

#ifdef __cplusplus
}
#endif

#endif
