"""XGBoost `hist` reference for bench/learn.bench.ts: same data file, same settings, same threads.

Reads a float32 row-major table (n rows x (features + 1) columns, target last; NaN = missing),
trains on the first n_train rows, predicts the others, writes those probabilities (float64) and
prints {"train_seconds", "train_cpu_seconds", "predict_seconds"} as JSON (CPU time: all threads).
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb


def main() -> None:
    path, n, nf, n_train, threads, trees, depth, lr, out = sys.argv[1:10]
    n, nf, n_train, threads, trees, depth = map(int, (n, nf, n_train, threads, trees, depth))
    table = np.fromfile(path, dtype=np.float32).reshape(n, nf + 1)
    x, y = table[:, :nf], table[:, nf]
    params = {
        "objective": "binary:logistic",
        "tree_method": "hist",
        "max_depth": depth,
        "eta": float(lr),
        "nthread": threads,
        "max_bin": 256,
    }
    start = time.perf_counter()
    cpu_start = time.process_time()
    dtrain = xgb.DMatrix(x[:n_train], label=y[:n_train], nthread=threads)
    booster = xgb.train(params, dtrain, num_boost_round=trees)
    train_seconds = time.perf_counter() - start
    train_cpu_seconds = time.process_time() - cpu_start
    start = time.perf_counter()
    dtest = xgb.DMatrix(x[n_train:], nthread=threads)
    p = booster.predict(dtest)
    predict_seconds = time.perf_counter() - start
    p.astype(np.float64).tofile(out)
    print(
        json.dumps(
            {
                "train_seconds": train_seconds,
                "train_cpu_seconds": train_cpu_seconds,
                "predict_seconds": predict_seconds,
                "version": xgb.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
