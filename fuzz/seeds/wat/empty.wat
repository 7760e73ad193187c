;; The smallest module: nothing to import, export or call.
(module)
