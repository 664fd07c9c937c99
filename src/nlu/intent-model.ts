// A small multinomial logistic regression over sparse text features (stems and stem pairs), trained in-process.

/** One training example: the features of a text and its label. */
export interface FeatureExample {
  features: readonly string[];
  label: string;
}

/** The model's answer for one text: labels by probability, and how many of its features the model knows. */
export interface Prediction {
  label: string;
  probability: number;
  runnerUp: string;
  knownFeatures: number;
}

/** A trained classifier; `predict` allocates little and takes microseconds. */
export interface IntentModel {
  labels: readonly string[];
  predict(features: readonly string[]): Prediction;
  /** What was learned, as plain JSON: `modelOf(data)` predicts exactly as this model does. */
  data: IntentModelData;
}

/** A trained model as plain data: labels, features in index order, weights (feature-major) and biases. */
export interface IntentModelData {
  labels: string[];
  features: string[];
  weights: number[];
  bias: number[];
}

/** Training settings; the defaults suit a few hundred short sentences. */
export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function softmaxInPlace(scores: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp((scores[k] ?? 0) - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] ?? 0) / sum;
}

/** Trains the model with AdaGrad on the softmax loss; deterministic for a given seed. */
export function trainIntentModel(examples: readonly FeatureExample[], opts: TrainOptions = {}): IntentModel {
  const { epochs = 30, learningRate = 0.5, l2 = 1e-4, seed = 7 } = opts;
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const K = labels.length;
  const featureIndex = new Map<string, number>();
  const encoded = examples.map((e) => {
    const ids = [...new Set(e.features)].map((f) => {
      let id = featureIndex.get(f);
      if (id === undefined) {
        id = featureIndex.size;
        featureIndex.set(f, id);
      }
      return id;
    });
    return { ids, label: labels.indexOf(e.label) };
  });
  const F = featureIndex.size;
  const weights = new Float64Array(F * K);
  const bias = new Float64Array(K);
  const gradSq = new Float64Array(F * K).fill(1e-8);
  const biasGradSq = new Float64Array(K).fill(1e-8);
  const scores = new Float64Array(K);

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { ids, label } of shuffled(encoded, seed + epoch)) {
      const value = 1 / Math.sqrt(ids.length || 1);
      for (let k = 0; k < K; k++) {
        let s = bias[k] ?? 0;
        for (const id of ids) s += (weights[id * K + k] ?? 0) * value;
        scores[k] = s;
      }
      softmaxInPlace(scores);
      for (let k = 0; k < K; k++) {
        const g = (scores[k] ?? 0) - (k === label ? 1 : 0);
        biasGradSq[k] = (biasGradSq[k] ?? 0) + g * g;
        bias[k] = (bias[k] ?? 0) - (learningRate * g) / Math.sqrt(biasGradSq[k] ?? 1);
        for (const id of ids) {
          const at = id * K + k;
          const w = weights[at] ?? 0;
          const gw = g * value + l2 * w;
          gradSq[at] = (gradSq[at] ?? 0) + gw * gw;
          weights[at] = w - (learningRate * gw) / Math.sqrt(gradSq[at] ?? 1);
        }
      }
    }
  }

  return modelOf({
    labels,
    features: [...featureIndex.keys()],
    weights: Array.from(weights),
    bias: Array.from(bias),
  });
}

/** The model that `data` describes; throws when its parts do not fit together. */
export function modelOf(data: IntentModelData): IntentModel {
  const { labels } = data;
  const K = labels.length;
  if (data.bias.length !== K || data.weights.length !== data.features.length * K)
    throw new Error('intent model data: the weights do not fit the labels and features');
  const featureIndex = new Map(data.features.map((f, i) => [f, i]));
  const weights = Float64Array.from(data.weights);
  const bias = Float64Array.from(data.bias);
  return {
    labels,
    data,
    predict(features) {
      const ids: number[] = [];
      for (const f of features) {
        const id = featureIndex.get(f);
        if (id !== undefined && !ids.includes(id)) ids.push(id);
      }
      const out = new Float64Array(K);
      const value = 1 / Math.sqrt(ids.length || 1);
      for (let k = 0; k < K; k++) {
        let s = bias[k] ?? 0;
        for (const id of ids) s += (weights[id * K + k] ?? 0) * value;
        out[k] = s;
      }
      softmaxInPlace(out);
      let best = 0;
      let second = K > 1 ? 1 : 0;
      for (let k = 0; k < K; k++) {
        if ((out[k] ?? 0) > (out[best] ?? 0)) {
          second = best;
          best = k;
        } else if (k !== best && (out[k] ?? 0) > (out[second] ?? 0)) second = k;
      }
      return {
        label: labels[best] ?? '',
        probability: out[best] ?? 0,
        runnerUp: labels[second] ?? '',
        knownFeatures: ids.length,
      };
    },
  };
}
