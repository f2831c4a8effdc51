/// HJ 212 (污染物在线监控(监测)系统数据传输标准), the protocol dust and noise monitors speak
/// over TCP: versions 2005, 2017 and 2025 (DOMAIN.md §1).
public enum HJ212 {
    /// The largest data segment a frame may carry (HJ 212-2017 §6.3: 0–1024 bytes).
    public static let maxDataLength = 1024
}
