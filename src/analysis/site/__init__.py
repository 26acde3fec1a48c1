"""Build the HTML reports: plan, freshness keys, warm kernels, workers, rendering, data package, atomic publish.

Modules load papermill and nbconvert only when a build has work to do; `freshness` alone
answers "is everything up to date?" without them.
"""

from analysis.common.speedups import decline_slow_imports

decline_slow_imports()  # before nbformat loads jsonschema, in the build and in every worker
