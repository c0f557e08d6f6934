package egress.designer.viewmodel;

/** One {@code spec.ports[]} row of the Egress form. */
public record PortEntry(long number, String protocol) {
    @Override
    public String toString() {
        return number + "/" + protocol;
    }
}
