/** The egress enforcer: a Netty proxy that applies compiled Egress policies to real connections. */
package egress.enforcer;
