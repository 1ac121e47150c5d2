#ifndef SIFT_CLIBDEFLATE_SHIM_H
#define SIFT_CLIBDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
