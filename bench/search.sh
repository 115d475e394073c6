#!/usr/bin/env bash
# Benchmark of trainModel's search against scikit-learn's GridSearchCV(n_jobs=2), side by side in the same run, on
# adult_train: logistic regression C x 6 and a random forest max_depth x trees 3 x 3, 5 folds, ranked by ROC AUC.
# scikit-learn searches on the folds mlsteps wrote (folds.csv as a PredefinedSplit) with the same encoding
# (numeric columns standardised for logistic regression, one-hot categories) and the same solver family
# (liblinear, tolerance 0.01) and forest settings (sqrt features per split); GridSearchCV refits the winner on all
# rows, as trainModel trains it. Prints the wall time of each search (mlsteps: the whole step, reading and the final
# fit included; scikit-learn: GridSearchCV.fit, reading and encoding excluded), the ratio and the best mean AUC
# of each. Target: at least as fast as scikit-learn with the best AUC within 0.005.
# Usage: bench/search.sh   (datasets from MLSTEPS_SHARED_DATASETS or ../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
. bench/scripts/datasets.sh
DATA="$(find_datasets)"
[ -f "$DATA/adult/adult_train.csv" ] || { echo "adult_train.csv not found; set MLSTEPS_SHARED_DATASETS" >&2; exit 3; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
cat > "$OUT/request.json" <<JSON
{"data": "$DATA/adult/adult_train.csv", "labelColumn": "income", "validationSplit": 0, "cv": 5, "metric": "roc_auc",
 "searchThreads": 2,
 "candidates": [
   {"algorithm": "logistic_regression", "params": {"c": [0.001, 0.01, 0.1, 1, 10, 100]}},
   {"algorithm": "random_forest", "params": {"max_depth": [4, 8, 16], "trees": [50, 100, 200]}}]}
JSON
bin/mlsteps --version >/dev/null # builds the jar when the sources changed, outside the timing
echo "load before: $(uptime)"
echo "mlsteps ..." >&2
start=$(date +%s.%N)
bin/mlsteps train --request "$OUT/request.json" --out "$OUT/mlsteps" > "$OUT/mlsteps.log" 2>&1 \
  || { tail -20 "$OUT/mlsteps.log" >&2; exit 1; }
end=$(date +%s.%N)
grep -E 'search: winner' "$OUT/mlsteps.log" >&2 || true
echo "scikit-learn ..." >&2
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 /usr/bin/python3 - "$DATA/adult/adult_train.csv" \
  "$OUT/mlsteps/folds.csv" > "$OUT/sklearn.json" <<'PY'
import json, sys, time
import numpy as np, pandas as pd, sklearn
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import StandardScaler, OneHotEncoder
from sklearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, PredefinedSplit
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, na_values=['', 'NA', '?', 'null'])
folds = pd.read_csv(sys.argv[2])['fold'].values
y = df.pop('income').values
numeric = [c for c in df.columns if pd.to_numeric(df[c], errors='coerce').notna().sum() == df[c].notna().sum()]
categorical = [c for c in df.columns if c not in numeric]
df[numeric] = df[numeric].apply(pd.to_numeric).fillna(0.0)
onehot = OneHotEncoder(handle_unknown='ignore')
lr = Pipeline([('enc', ColumnTransformer([('num', StandardScaler(), numeric), ('cat', onehot, categorical)])),
               ('model', LogisticRegression(solver='liblinear', tol=0.01, max_iter=1000))])
rf = Pipeline([('enc', ColumnTransformer([('num', 'passthrough', numeric), ('cat', onehot, categorical)])),
               ('model', RandomForestClassifier(max_features='sqrt', random_state=42, n_jobs=1))])
grid = [{'model': [lr.named_steps['model']], 'enc': [lr.named_steps['enc']], 'model__C': [0.001, 0.01, 0.1, 1, 10, 100]},
        {'model': [rf.named_steps['model']], 'enc': [rf.named_steps['enc']], 'model__max_depth': [4, 8, 16],
         'model__n_estimators': [50, 100, 200]}]
t0 = time.perf_counter()
g = GridSearchCV(lr, grid, scoring='roc_auc', cv=PredefinedSplit(folds), n_jobs=2, refit=True).fit(df, y)
seconds = time.perf_counter() - t0
best = g.best_params_
print(json.dumps({'tool': 'scikit-learn ' + sklearn.__version__, 'seconds': seconds, 'best_auc': g.best_score_,
                  'best': type(best['model']).__name__ + ' ' + json.dumps({k: v for k, v in best.items()
                                                                          if k.startswith('model__')})}))
PY
echo "load after: $(uptime)"
/usr/bin/python3 - "$OUT/mlsteps/leaderboard.json" "$OUT/sklearn.json" "$start" "$end" <<'PY'
import json, sys
board = json.load(open(sys.argv[1]))['candidates']
sk = json.load(open(sys.argv[2]))
mseconds = float(sys.argv[4]) - float(sys.argv[3])
w = board[0]
print('| tool | search wall s | best candidate | best mean ROC AUC (5 folds) |')
print('|---|---:|---|---:|')
print('| mlsteps | %.1f | %s %s | %.4f |' % (mseconds, w['algorithm'], json.dumps(w['params']), w['mean']))
print('| %s GridSearchCV(n_jobs=2) | %.1f | %s | %.4f |' % (sk['tool'], sk['seconds'], sk['best'], sk['best_auc']))
ratio = mseconds / sk['seconds']
diff = w['mean'] - sk['best_auc']
print()
print('time ratio mlsteps/sklearn: %.2fx; best AUC difference: %+.4f; within targets (ratio <= 1, AUC within 0.005): %s'
      % (ratio, diff, 'yes' if ratio <= 1 and abs(diff) <= 0.005 else 'NO'))
PY
