package egress.policy.match;

import java.util.Arrays;

/** A small open-addressing map from int to object, for lookups on the hot path without boxing. */
final class IntMap<V> {
    private int[] keys = new int[8];
    private Object[] values = new Object[8];
    private boolean[] used = new boolean[8];
    private int size;

    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void put(int key, V value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (used[i]) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        size++;
    }

    int size() {
        return size;
    }

    int[] keys() {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                out[n++] = keys[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    private void grow() {
        int[] k = keys;
        Object[] v = values;
        boolean[] u = used;
        keys = new int[k.length * 2];
        values = new Object[k.length * 2];
        used = new boolean[k.length * 2];
        size = 0;
        for (int i = 0; i < k.length; i++) {
            if (u[i]) {
                @SuppressWarnings("unchecked")
                V val = (V) v[i];
                put(k[i], val);
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
