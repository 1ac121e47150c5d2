#ifndef SIFT_CZSTD_SHIM_H
#define SIFT_CZSTD_SHIM_H
#include <zstd.h>
#include <zstd_errors.h>
#endif
