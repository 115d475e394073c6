"""Peer of bench/predict.sh: the same batch prediction job with pandas and scikit-learn.

  predict_peer.py fit TRAIN_CSV MODEL_PKL        fits the equivalent model (not timed by the benchmark)
  predict_peer.py predict INPUT MODEL_PKL OUTPUT  reads INPUT (gzip CSV), predicts, writes OUTPUT (row, prediction)

The model: linear regression of `delay` on `distance` and one-hot `origin`, `destination` (unknown categories are
no feature, as in mlsteps), trained by SGD on the same training rows as the mlsteps model. The predict command is
what a pandas user runs for batch scoring: read_csv, predict, to_csv; it prints one JSON line (rows, seconds).
"""
import json
import pickle
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import SGDRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

FEATURES = ['distance', 'origin', 'destination']


def fit(train_csv, model_pkl):
    train = pd.read_csv(train_csv)
    model = make_pipeline(
        ColumnTransformer([('cat', OneHotEncoder(handle_unknown='ignore'), ['origin', 'destination']),
                           ('num', StandardScaler(), ['distance'])]),
        SGDRegressor(max_iter=10, tol=None, random_state=1))
    model.fit(train[FEATURES], train['delay'])
    with open(model_pkl, 'wb') as f:
        pickle.dump(model, f)


def predict(input_csv, model_pkl, output):
    start = time.perf_counter()
    with open(model_pkl, 'rb') as f:
        model = pickle.load(f)
    data = pd.read_csv(input_csv, dtype={'origin': str, 'destination': str})
    prediction = model.predict(data[FEATURES])
    pd.DataFrame({'row': np.arange(len(data)), 'prediction': prediction}).to_csv(output, index=False)
    seconds = time.perf_counter() - start
    print(json.dumps({'rows': len(data), 'seconds': seconds}))


if __name__ == '__main__':
    if sys.argv[1] == 'fit':
        fit(sys.argv[2], sys.argv[3])
    else:
        predict(sys.argv[2], sys.argv[3], sys.argv[4])
