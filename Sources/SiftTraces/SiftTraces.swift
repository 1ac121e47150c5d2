// SiftTraces: span trees from X-Ray documents that arrive in any order, across files.
