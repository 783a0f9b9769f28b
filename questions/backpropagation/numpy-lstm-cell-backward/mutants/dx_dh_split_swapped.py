import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -500, 500)))


class LSTMCell:
    def __init__(self, params):
        self.params = params

    def forward(self, x_t, h_prev, c_prev):
        Wf, bf, Wi, bi, Wo, bo, Wc, bc = self.params
        concat = np.concatenate((h_prev, x_t), axis=1)
        f = sigmoid(concat @ Wf + bf)
        i = sigmoid(concat @ Wi + bi)
        o = sigmoid(concat @ Wo + bo)
        g = np.tanh(concat @ Wc + bc)
        c_next = f * c_prev + i * g
        h_next = o * np.tanh(c_next)
        self.cache = (concat, c_prev, f, i, o, g, c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        concat, c_prev, f, i, o, g, c_next = self.cache
        Wf, bf, Wi, bi, Wo, bo, Wc, bc = self.params
        n_h = c_prev.shape[1]
        tc = np.tanh(c_next)
        do = dh_next * tc
        dc = dc_next + dh_next * o * (1 - tc ** 2)
        df = dc * c_prev
        di = dc * g
        dg = dc * i
        dc_prev = dc * f
        daf = df * f * (1 - f)
        dai = di * i * (1 - i)
        dao = do * o * (1 - o)
        dag = dg * (1 - g ** 2)
        dWf, dWi, dWo, dWc = concat.T @ daf, concat.T @ dai, concat.T @ dao, concat.T @ dag
        dbf = daf.sum(axis=0, keepdims=True)
        dbi = dai.sum(axis=0, keepdims=True)
        dbo = dao.sum(axis=0, keepdims=True)
        dbc = dag.sum(axis=0, keepdims=True)
        dconcat = daf @ Wf.T + dai @ Wi.T + dao @ Wo.T + dag @ Wc.T
        dx = dconcat[:, : concat.shape[1] - n_h]  # takes the first block as dx: concat is (h_prev, x_t)
        dh_prev = dconcat[:, concat.shape[1] - n_h :]
        return dx, dh_prev, dc_prev, [dWf, dbf, dWi, dbi, dWo, dbo, dWc, dbc]
