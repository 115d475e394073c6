"""The scikit-learn side of bench/train.sh (and of the trainModel quality test): the same encoded features as
mlsteps (numeric columns as numbers, standardised for logistic regression with the training mean and standard
deviation, categorical columns one-hot over the training categories, a missing or unseen category as all zeros),
LogisticRegression (lbfgs, C=1), RandomForestClassifier (TREES trees, max_features='sqrt') and
HistGradientBoostingClassifier (the peer of mlsteps' xgboost: TREES rounds, learning rate 0.3, depth 6, L2 1), one
thread each; timed fit (wall and CPU seconds of this process), accuracy and ROC AUC on the test file.
Prints one JSON line per algorithm.

Usage: train_sklearn.py TRAIN.csv TEST.csv LABEL [TREES [ALGORITHM,...]]
(run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 for a single-threaded fit, as bench/train.sh does)"""
import json, sys, time
import numpy as np, pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier, HistGradientBoostingClassifier
from sklearn.metrics import accuracy_score, roc_auc_score

train_file, test_file, label = sys.argv[1], sys.argv[2], sys.argv[3]
trees = int(sys.argv[4]) if len(sys.argv) > 4 else 100
wanted = sys.argv[5].split(',') if len(sys.argv) > 5 else ['logistic_regression', 'random_forest', 'xgboost']
read = lambda f: pd.read_csv(f, dtype=str, keep_default_na=False, na_values=['', 'NA', '?', 'null'])
tr, te = read(train_file), read(test_file)
features = [c for c in tr.columns if c != label]
numeric = [c for c in features if pd.to_numeric(tr[c], errors='coerce').notna().sum() == tr[c].notna().sum()]
categorical = [c for c in features if c not in numeric]

def encode(df, standardise, stats):
    parts = []
    for c in numeric:
        x = pd.to_numeric(df[c]).astype(float)
        if standardise:
            x = (x - stats[c][0]) / stats[c][1]
        parts.append(x.fillna(0.0).rename(c))
    for c in categorical:
        for v in stats[c]:
            parts.append((df[c] == v).astype(float).rename('%s=%s' % (c, v)))
    return pd.concat(parts, axis=1).values

stats = {c: (pd.to_numeric(tr[c]).mean(), pd.to_numeric(tr[c]).std(ddof=0)) for c in numeric}
stats.update({c: sorted(tr[c].dropna().unique()) for c in categorical})
classes = sorted(tr[label].unique())
ytr, yte = tr[label].values, te[label].values
peers = {
    'logistic_regression': (lambda: LogisticRegression(max_iter=1000), True),
    'random_forest': (lambda: RandomForestClassifier(n_estimators=trees, max_features='sqrt', random_state=42,
                                                     n_jobs=1), False),
    'xgboost': (lambda: HistGradientBoostingClassifier(max_iter=trees, learning_rate=0.3, max_depth=6,
                                                       max_leaf_nodes=None, l2_regularization=1.0,
                                                       early_stopping=False, random_state=42), False)}
for name in wanted:
    make, standardise = peers[name]
    model = make()
    Xtr, Xte = encode(tr, standardise, stats), encode(te, standardise, stats)
    t0, c0 = time.perf_counter(), time.process_time()
    model.fit(Xtr, ytr)
    fit, cpu = time.perf_counter() - t0, time.process_time() - c0
    proba = model.predict_proba(Xte)[:, list(model.classes_).index(classes[1])]
    print(json.dumps({'tool': 'scikit-learn ' + sklearn.__version__, 'algorithm': name,
                      'peer': type(model).__name__, 'fit_seconds': fit, 'fit_cpu_seconds': cpu,
                      'accuracy': accuracy_score(yte, model.predict(Xte)),
                      'roc_auc': roc_auc_score(yte == classes[1], proba), 'features': Xtr.shape[1]}), flush=True)
