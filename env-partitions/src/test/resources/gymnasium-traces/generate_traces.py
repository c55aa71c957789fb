"""Writes Gymnasium reference transitions in the format of ../shared/parity (one JSON object per step).

Usage: python generate_traces.py ENV_ID EPISODES OUT.jsonl
Episode e is reset with seed 1000 + e; even episodes take uniformly random actions, odd ones a simple
heuristic (push along the velocity; for Pendulum a PD controller) with 10 % random actions.
"""
import json, sys, numpy as np, gymnasium as gym

def f(x): return float(x)
def lst(a): return [float(v) for v in np.asarray(a).ravel()]
def heuristic(env_id, obs, rng, space):
    if rng.random() < 0.1: return space.sample()
    if env_id == "MountainCar-v0": return 2 if obs[1] >= 0 else 0
    if env_id == "MountainCarContinuous-v0": return np.array([1.0 if obs[1] >= 0 else -1.0], dtype=np.float32)
    if env_id == "Pendulum-v1":
        th = np.arctan2(obs[1], obs[0]); return np.array([np.clip(-10*th - obs[2], -2, 2)], dtype=np.float32)
    return space.sample()
env_id, episodes, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
env = gym.make(env_id)
with open(out, "w") as fh:
    for ep in range(episodes):
        seed = 1000 + ep
        obs, _ = env.reset(seed=seed)
        env.action_space.seed(seed)
        rng = np.random.default_rng(seed)
        policy = "uniform" if ep % 2 == 0 else "heuristic"
        t = 0
        while True:
            u = env.unwrapped
            state = np.array(u.state, copy=True)
            a = env.action_space.sample() if policy == "uniform" else heuristic(env_id, obs, rng, env.action_space)
            nobs, r, term, trunc, _ = env.step(a)
            t += 1
            nstate = np.array(u.state, copy=True)
            rec = {"env": env_id, "episode": ep, "seed": seed, "policy": policy, "t": t,
                   "state": lst(state), "state_dtype": str(state.dtype), "obs": lst(obs),
                   "action": int(a) if np.isscalar(a) or np.asarray(a).ndim == 0 else lst(a),
                   "reward": f(r), "terminated": bool(term), "truncated": bool(trunc),
                   "next_state": lst(nstate), "next_state_dtype": str(nstate.dtype), "next_obs": lst(nobs)}
            fh.write(json.dumps(rec) + "\n")
            obs = nobs
            if term or trunc: break
