"""Reference for the forest benchmark: scikit-learn's RandomForestClassifier on the same data, one core.

Usage: python3 sklearn_forest.py data.json  ->  prints {"fitSeconds", "oobScore", "version"} as JSON.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier

d = json.load(open(sys.argv[1]))
X = np.array(d["data"], dtype=np.float64).reshape(d["rows"], d["cols"])
y = np.array(d["labels"], dtype=np.int64)
rf = RandomForestClassifier(n_estimators=100, max_depth=12, max_features="sqrt", oob_score=True, n_jobs=1, random_state=0)
t0 = time.perf_counter()
rf.fit(X, y)
dt = time.perf_counter() - t0
print(json.dumps({"fitSeconds": dt, "oobScore": float(rf.oob_score_), "version": sklearn.__version__}))
