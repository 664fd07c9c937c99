// The settings half of the channel contract: each channel reads its own environment variables with its own schema.
import type * as z from 'zod';

/** The shared facts a channel's settings may depend on. */
export interface SharedSettings {
  production: boolean;
  /** PUBLIC_BASE_URL without a trailing slash. */
  publicBaseUrl?: string;
}

/** What reading a channel's settings found: its settings when it is on, why it is on or off, and what is wrong. */
export interface SettingsReading<S> {
  /** Undefined when the channel is not built at all. */
  settings?: S;
  /** Whether it serves users; default: when it has settings (the web chat is built when off, to serve the console's assets). */
  on?: boolean;
  /** One sentence for the start-up log and `vpnbot config`, naming the setting an operator would change. */
  why: string;
  /** `NAME: problem` for each setting that is set but unusable; any problem refuses the configuration. */
  problems?: string[];
}

/** A channel's settings: the variables it reads (a zod object over the environment) and how they turn it on. */
export interface ChannelSettings<S = unknown, Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** The variables this channel reads; their names are listed by `vpnbot config` and in .env.example. */
  schema: z.ZodObject<Shape>;
  read(values: z.infer<z.ZodObject<Shape>>, shared: SharedSettings): SettingsReading<S>;
}

/** Declares a channel's settings, keeping the schema's value types for `read`. */
export const channelSettings = <S, Shape extends z.ZodRawShape>(
  settings: ChannelSettings<S, Shape>,
): ChannelSettings<S, Shape> => settings;
