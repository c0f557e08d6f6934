/**
 * The outside world the guide meets: httpbin.org's answers (status, headers, JSON bodies) and the banners of
 * servers that speak first, as one model without any network code. The simulator's {@code SimulatedUpstream}
 * and the enforcer's Netty upstream ({@code egress upstreams}) are thin adapters over {@link
 * egress.policy.httpbin.Httpbin}, so what the simulator predicts an upstream says is what the built-in one says.
 * It lives in {@code policy}, the one module both sit on (the enforcer must not depend on the simulator: the
 * image ships the enforcer alone); it needs nothing beyond the JDK.
 */
package egress.policy.httpbin;
