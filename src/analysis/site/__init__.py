"""Build the HTML reports: plan, freshness keys, warm kernels, workers, rendering, data package, atomic publish.

Modules load papermill and nbconvert only when a build has work to do; `freshness` alone
answers "is everything up to date?" without them. Importing them changes nothing else: the
build's slow imports are declined by the `build` command and in its worker processes only.
"""
