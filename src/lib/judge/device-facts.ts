/**
 * Gathers the facts preflight judges (WebGPU, adapter, features, limits, storage) from the
 * browser APIs passed in — navigator.gpu and navigator.storage in the app, fakes in tests —
 * without creating a device or downloading anything. Also asks for persistent storage.
 */
export interface AdapterFacts {
  isFallback: boolean;
  vendor: string;
  architecture: string;
  description: string;
  features: string[];
  limits: {
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxStorageBuffersPerShaderStage: number;
  };
}

export interface StorageFacts {
  quotaBytes: number | null;
  usageBytes: number | null;
  persisted: boolean | null;
}

export interface DeviceFacts {
  webgpu: boolean;
  adapter: AdapterFacts | null;
  adapterError?: string;
  storage: StorageFacts;
}

/** The bits of `navigator` used; structural so tests can pass plain objects. */
export interface NavigatorLike {
  gpu?: { requestAdapter(opts?: GPURequestAdapterOptions): Promise<GPUAdapter | null> };
  storage?: {
    estimate?(): Promise<StorageEstimate>;
    persisted?(): Promise<boolean>;
    persist?(): Promise<boolean>;
  };
}

/** Chrome before 121 had `adapter.isFallbackAdapter`; later ones `adapter.info.isFallbackAdapter`. */
function fallbackFlag(adapter: GPUAdapter): boolean {
  const info: unknown = adapter.info;
  const fromInfo = typeof info === 'object' && info !== null ? (info as { isFallbackAdapter?: unknown }).isFallbackAdapter : undefined;
  const legacy = (adapter as unknown as { isFallbackAdapter?: unknown }).isFallbackAdapter;
  return fromInfo === true || legacy === true;
}

export async function gatherDeviceFacts(nav: NavigatorLike): Promise<DeviceFacts> {
  const storage = await gatherStorage(nav);
  if (nav.gpu === undefined) return { webgpu: false, adapter: null, storage };
  try {
    const adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) return { webgpu: true, adapter: null, storage };
    const info = adapter.info;
    const l = adapter.limits;
    const architecture = info?.architecture ?? '';
    return {
      webgpu: true,
      storage,
      adapter: {
        // SwiftShader is a CPU rasteriser even where the flag is missing.
        isFallback: fallbackFlag(adapter) || /swiftshader/i.test(`${architecture} ${info?.description ?? ''}`),
        vendor: info?.vendor ?? '',
        architecture,
        description: info?.description ?? '',
        features: [...adapter.features].map(String).sort(),
        limits: {
          maxBufferSize: l.maxBufferSize,
          maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
          maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
          maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
        },
      },
    };
  } catch (e) {
    return { webgpu: true, adapter: null, adapterError: String(e), storage };
  }
}

async function gatherStorage(nav: NavigatorLike): Promise<StorageFacts> {
  const s = nav.storage;
  let quotaBytes: number | null = null;
  let usageBytes: number | null = null;
  let persisted: boolean | null;
  try {
    const est = await s?.estimate?.();
    quotaBytes = est?.quota ?? null;
    usageBytes = est?.usage ?? null;
  } catch {
    // estimate() unavailable (old Safari): preflight reports storage as unknown
  }
  try {
    persisted = (await s?.persisted?.()) ?? null;
  } catch {
    persisted = null;
  }
  return { quotaBytes, usageBytes, persisted };
}

/** Asks the browser to keep the model cache under storage pressure; returns whether it agreed. */
export async function requestPersistentStorage(nav: NavigatorLike): Promise<boolean> {
  try {
    return (await nav.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
