/**
 * Safe NDArray building blocks for models and training loops on DJL's PyTorch engine.
 * They avoid DJL 0.36 patterns that make autograd read memory the JVM has already freed.
 */
package ai.prism.core.nd;
