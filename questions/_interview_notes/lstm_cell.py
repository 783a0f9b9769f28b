import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def tanh(x):
    return np.tanh(x)

def lstm_cell_forward(x_t, h_prev, c_prev, params):
    Wf, bf, Wi, bi, Wo, bo, Wc, bc = params
    concat = np.concatenate((h_prev, x_t), axis=1)
    f_t = sigmoid(np.dot(concat, Wf) + bf)
    i_t = sigmoid(np.dot(concat, Wi) + bi)
    o_t = sigmoid(np.dot(concat, Wo) + bo)
    c_tilde = tanh(np.dot(concat, Wc) + bc)
    c_next = f_t * c_prev + i_t * c_tilde
    h_next = o_t * tanh(c_next)
    return h_next, c_next

# Example usage
np.random.seed(0)
x_t = np.random.randn(1, 3)
h_prev = np.random.randn(1, 5)
c_prev = np.random.randn(1, 5)
params = [np.random.randn(8, 5) for _ in range(4)] + [np.random.randn(1, 5) for _ in range(4)]
h_next, c_next = lstm_cell_forward(x_t, h_prev, c_prev, params)
print(h_next)
