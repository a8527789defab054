#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, so Swift cannot call them directly. */

static inline CURLcode nd_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nd_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nd_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode nd_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*nd_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode nd_setopt_write_function(CURL *handle, nd_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/* Copies the bytes into curl (CURL_BLOB_COPY), so the caller's buffer may go away. */
static inline CURLcode nd_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return curl_easy_setopt(handle, option, &blob);
}

static inline CURLcode nd_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode nd_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

typedef int (*nd_xferinfo_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                    curl_off_t ulnow);

/* A progress callback, called about once a second even on an idle connection: returning
   non-zero aborts the transfer (how a long-lived watch stream is stopped, and how a request
   waiting too long for its first byte, or stalled, is given up). */
static inline CURLcode nd_setopt_xferinfo(CURL *handle, nd_xferinfo_callback callback, void *context) {
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    return curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

typedef size_t (*nd_header_callback)(char *data, size_t size, size_t count, void *context);

/* Every response header line goes to the callback (one call a line, status lines included). */
static inline CURLcode nd_setopt_header_function(CURL *handle, nd_header_callback callback, void *context) {
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    return curl_easy_setopt(handle, CURLOPT_HEADERDATA, context);
}
